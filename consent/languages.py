"""Which consent language a request, a form or an auditor's filter means.

Consent is asked in the page's language: the active Django language (the URL prefix decides it,
astermind_site/settings/i18n.py; never Accept-Language), reduced to a primary code such as "de"
and narrowed to CONSENT_LANGUAGES. Every language there has its own policy versions
(consent/policy.py) and its German, or other, strings in consent/locale/.
"""

from django.utils import translation

from .conf import settings


def consent_languages():
    return tuple(settings.CONSENT_LANGUAGES)


def default_language():
    return consent_languages()[0]


def normalise(code):
    """ "de-AT", "de_de", "DE" → "de"; anything not in CONSENT_LANGUAGES → the default."""
    primary = str(code or "").replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in consent_languages() else default_language()


def django_language(code):
    """The Django language code (settings.LANGUAGES) a consent language is served in: "en" →
    "en-gb" here. Activate this one, never the bare code: URLs under i18n_patterns only drop
    their prefix for settings.LANGUAGE_CODE itself ("en" would give /en/cookies/)."""
    code = normalise(code)
    for django_code, _name in settings.LANGUAGES:
        if normalise(django_code) == code and django_code.split("-")[0].lower() == code:
            return django_code
    return code


def active_language():
    """The consent language of the language Django has active (the page's)."""
    return normalise(translation.get_language())


def language_name(code):
    """A language's name in English, for the auditors' screens ("German"); the code itself
    when Django does not know it."""
    try:
        return translation.get_language_info(code)["name"]
    except KeyError:
        return code


def language_names():
    """[(code, English name)] in CONSENT_LANGUAGES order, for the auditors' filter and report."""
    return [(code, language_name(code)) for code in consent_languages()]
