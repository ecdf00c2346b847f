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


def active_language():
    """The consent language of the language Django has active (the page's)."""
    return normalise(translation.get_language())


def language_names():
    """[(code, name in that language)] in CONSENT_LANGUAGES order, for filters and reports."""
    names = []
    for code in consent_languages():
        try:
            info = translation.get_language_info(code)
            names.append((code, info["name_local"]))
        except KeyError:
            names.append((code, code))
    return names
