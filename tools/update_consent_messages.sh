#!/usr/bin/env bash
# Refresh the consent app's German catalogue (consent/locale/de) from consent/ and
# templates/consent/ (msgmerge keeps what is translated); the rest of the site is
# tools/update_messages.sh's. makemessages only writes to the locale folder of the directory it
# runs in, so it runs inside consent/ with a temporary link to the consent templates.
# Compiling is `make messages`.
set -euo pipefail
cd "$(dirname "$0")/../consent"
PY=${PY:-../.venv/bin/python}
link=_templates_for_makemessages
ln -sfn ../templates/consent "$link"
trap 'rm -f "$link"' EXIT
PYTHONPATH=.. DJANGO_SETTINGS_MODULE=astermind_site.settings.test "$PY" -m django makemessages \
  -l de --symlinks --no-location --no-obsolete --ignore='migrations/*' --ignore='locale/*'
