"""The cookie registry in the reader's language.

The registry (django-cookie-consent's groups and cookies, and our CookieDetails) is kept in
English, the source language. Each text the registry ships with (migrations 0002 and 0008) is
listed here with pgettext_lazy and the context below, so `makemessages` puts it in
consent/locale/ and a translator gives it a German text; `translated_groups` looks each text up
in the active catalogue. A text an editor has changed since has no translation yet and is shown
as written (in English) until the catalogue has one; the German policy text, and so its hash,
changes once it does.
"""

from django.utils.translation import override, pgettext, pgettext_lazy

from .languages import django_language

# Looked up with this context, so another catalogue's "Session" or "Analytics" never wins.
CONTEXT = "cookie registry"


SHIPPED_TEXTS = (
    # Groups
    pgettext_lazy("cookie registry", "Necessary"),
    pgettext_lazy(
        "cookie registry",
        "Keep the site secure, let editors sign in and remember the cookie choice you made. "
        "The site cannot work without them, so they are always on.",
    ),
    pgettext_lazy("cookie registry", "Analytics"),
    pgettext_lazy(
        "cookie registry",
        "Count visits and which articles are read, so we know what to write and improve. "
        "Only set once you accept analytics.",
    ),
    pgettext_lazy("cookie registry", "Personalisation"),
    pgettext_lazy(
        "cookie registry",
        "Remember reading preferences you set, such as text size or sections you follow. "
        "Only set once you accept personalisation.",
    ),
    pgettext_lazy("cookie registry", "Embedded media: YouTube"),
    pgettext_lazy(
        "cookie registry",
        "Play YouTube videos inside our articles. The player comes from youtube-nocookie.com, "
        "the privacy-enhanced mode of YouTube, and only loads after you agree; YouTube may then "
        "store cookies and similar data on your device.",
    ),
    pgettext_lazy("cookie registry", "Embedded media: Vimeo"),
    pgettext_lazy(
        "cookie registry",
        "Play Vimeo videos inside our articles. The player is loaded from player.vimeo.com "
        "with the do-not-track option of Vimeo, and only after you agree; Vimeo may then store "
        "cookies on your device.",
    ),
    # Cookies: purposes
    pgettext_lazy(
        "cookie registry",
        "Remembers your cookie choice, when you made it and a random consent id that links it "
        "to our record of it.",
    ),
    pgettext_lazy("cookie registry", "Remembers which cookie groups you accepted or refused."),
    pgettext_lazy("cookie registry", "Protects forms against cross-site request forgery."),
    pgettext_lazy(
        "cookie registry", "Keeps editors signed in to the editing area; visitors never get it."
    ),
    pgettext_lazy(
        "cookie registry",
        "A random id our own first-party analytics uses to count returning readers.",
    ),
    pgettext_lazy(
        "cookie registry",
        "Google Analytics: tells visits apart (only when Google Analytics is the configured "
        "provider).",
    ),
    pgettext_lazy("cookie registry", "Google Analytics 4: keeps the state of a visit."),
    pgettext_lazy(
        "cookie registry",
        "Matomo: tells visits apart (only when Matomo is the configured provider).",
    ),
    pgettext_lazy("cookie registry", "Matomo: groups the pages of one visit."),
    pgettext_lazy("cookie registry", "Remembers the reading preferences you chose."),
    pgettext_lazy("cookie registry", "YouTube: estimates your bandwidth for the player."),
    pgettext_lazy("cookie registry", "YouTube: tells the views of one browser session apart."),
    pgettext_lazy("cookie registry", "Vimeo: tells the visitors of its player apart."),
    # Cookies: lifetimes and who sets them (names of companies stay as they are)
    pgettext_lazy("cookie registry", "30 minutes"),
    pgettext_lazy("cookie registry", "2 weeks"),
    pgettext_lazy("cookie registry", "6 months"),
    pgettext_lazy("cookie registry", "13 months"),
    pgettext_lazy("cookie registry", "1 year"),
    pgettext_lazy("cookie registry", "2 years"),
    pgettext_lazy("cookie registry", "Session"),
    pgettext_lazy("cookie registry", "AsterMind Learn (first party)"),
    pgettext_lazy("cookie registry", "Matomo, on our behalf"),
)

GROUP_TEXTS = ("name", "description")
COOKIE_TEXTS = ("purpose", "lifetime", "provider")


def _translate(text):
    return pgettext(CONTEXT, text) if text else text


def translated_groups(groups, language):
    """policy.registry_snapshot()'s groups with every text in `language` (new dicts)."""
    with override(django_language(language)):
        return [
            {
                **group,
                **{key: _translate(group[key]) for key in GROUP_TEXTS},
                "cookies": [
                    {**cookie, **{key: _translate(cookie[key]) for key in COOKIE_TEXTS}}
                    for cookie in group["cookies"]
                ],
            }
            for group in groups
        ]
