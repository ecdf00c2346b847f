#!/usr/bin/env bash
# Refresh the German catalogues from the code and templates (msgmerge keeps what is
# translated). Strings land in the catalogue of the app whose folder holds them
# (articles/locale, directory/locale, …); templates/ and astermind_site/ go to
# astermind_site/locale. consent/ and templates/consent/ are the consent app's own
# catalogue (consent/locale), refreshed by its own run, so they are left out here.
# demo/locale (the German of the demo's site settings, whose msgids are texts in
# demo/site.toml, not in code) is kept by hand, so demo/ is left out too.
# Compiling is `make messages`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DJANGO_SETTINGS_MODULE=astermind_site.settings.test "$PY" manage.py makemessages -l de \
  --no-location --no-obsolete \
  --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' \
  --ignore='consent/*' --ignore='templates/consent/*' --ignore='docs/*' --ignore='demo/*' \
  --ignore='*/migrations/*' --ignore='staticfiles/*' --ignore='static/*' --ignore='deploy/*'
