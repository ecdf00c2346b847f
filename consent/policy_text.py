"""The canonical text of what a visitor is asked, in one language: the banner and policy
wording (ConsentTextSettings, or the catalogue's translation of the default wording) and the
registry as shown. policy.py hashes it into a policy version and decides which version is in
force; the registry's own translated names come from registry_text.py."""

from django.utils.translation import gettext, override, pgettext

from .languages import default_language, django_language, normalise
from .models import DEFAULT_WORDING, WORDING_FIELDS, ConsentTextSettings


def wording(language=None):
    """The banner and policy wording in `language`: English exactly as saved; another language
    as saved in its own fields, or else the catalogue's translation of the default wording."""
    language = normalise(language)
    own = ConsentTextSettings.load().own_wording(language)
    if language == default_language():
        return own
    with override(django_language(language)):
        return {name: own[name] or gettext(DEFAULT_WORDING[name]) for name in WORDING_FIELDS}


def policy_text(words, groups, language=None):
    """The canonical plain text of what a visitor is asked: hashed and stored per version.

    `words` and `groups` are already in `language`; this adds the text's own headings and
    labels in it. English gives, byte for byte, the text versions were made of before there
    were languages, so the English version in force stays in force. Its headings and labels
    are looked up with the context "consent policy text", which keeps other catalogues'
    translations of short words such as "optional" out."""
    with override(django_language(language)):
        return _policy_text(words, groups)


def _policy_text(words, groups):
    not_stated = pgettext("consent policy text", "not stated")
    this_site = pgettext("consent policy text", "this site")
    lines = [
        pgettext("consent policy text", "# Banner"),
        words["banner_title"],
        words["banner_text"],
        "",
        pgettext("consent policy text", "# Preferences"),
        words["preferences_text"],
        "",
        pgettext("consent policy text", "# Cookie policy"),
        words["policy_text"],
        "",
        pgettext("consent policy text", "# Cookie registry"),
    ]
    labels = {
        "purpose": pgettext("consent policy text", "purpose"),
        "lifetime": pgettext("consent policy text", "lifetime"),
        "provider": pgettext("consent policy text", "provider"),
        "domain": pgettext("consent policy text", "domain"),
        "path": pgettext("consent policy text", "path"),
    }
    for group in groups:
        if group["is_required"]:
            required = pgettext("consent policy text", "required, always on")
        else:
            required = pgettext("consent policy text", "optional")
        lines.append(f"## {group['name']} [{group['varname']}] ({required})")
        lines.append(group["description"])
        for cookie in group["cookies"]:
            lines.append(
                f"- {cookie['name']} | {labels['purpose']}: {cookie['purpose'] or not_stated}"
                f" | {labels['lifetime']}: {cookie['lifetime'] or not_stated}"
                f" | {labels['provider']}: {cookie['provider'] or not_stated}"
                f" | {labels['domain']}: {cookie['domain'] or this_site}"
                f" | {labels['path']}: {cookie['path']}"
            )
        lines.append("")
    return "\n".join(line.replace("\r\n", "\n") for line in lines).strip() + "\n"
