"""The cookie registry every database starts with.

Saved row by row through the ORM (django-cookie-consent's fixture does not load on Django
5.2 and bulk writes would skip its cache invalidation); existing rows are left as edited."""

from django.db import migrations

GROUPS = [
    {
        "varname": "necessary",
        "name": "Necessary",
        "description": (
            "Keep the site secure, let editors sign in and remember the cookie choice you "
            "made. The site cannot work without them, so they are always on."
        ),
        "is_required": True,
        "is_deletable": False,
        "ordering": 0,
        "cookies": [
            ("am_consent", "Remembers your cookie choice, when you made it and a random "
             "consent id that links it to our record of it.", "6 months", "AsterMind Learn"),
            ("cookie_consent", "Remembers which cookie groups you accepted or refused.",
             "6 months", "AsterMind Learn"),
            ("csrftoken", "Protects forms against cross-site request forgery.", "1 year",
             "AsterMind Learn"),
            ("sessionid", "Keeps editors signed in to the editing area; visitors never get "
             "it.", "2 weeks", "AsterMind Learn"),
        ],
    },
    {
        "varname": "analytics",
        "name": "Analytics",
        "description": (
            "Count visits and which articles are read, so we know what to write and improve. "
            "Only set once you accept analytics."
        ),
        "is_required": False,
        "is_deletable": True,
        "ordering": 10,
        "cookies": [
            ("_am_analytics", "A random id our own first-party analytics uses to count "
             "returning readers.", "1 year", "AsterMind Learn (first party)"),
            ("_ga", "Google Analytics: tells visits apart (only when Google Analytics is "
             "the configured provider).", "2 years", "Google"),
            ("_ga_*", "Google Analytics 4: keeps the state of a visit.", "2 years", "Google"),
            ("_pk_id*", "Matomo: tells visits apart (only when Matomo is the configured "
             "provider).", "13 months", "Matomo, on our behalf"),
            ("_pk_ses*", "Matomo: groups the pages of one visit.", "30 minutes",
             "Matomo, on our behalf"),
        ],
    },
    {
        "varname": "personalisation",
        "name": "Personalisation",
        "description": (
            "Remember reading preferences you set, such as text size or sections you follow. "
            "Only set once you accept personalisation."
        ),
        "is_required": False,
        "is_deletable": True,
        "ordering": 20,
        "cookies": [
            ("am_prefs", "Remembers the reading preferences you chose.", "1 year",
             "AsterMind Learn"),
        ],
    },
]


def create_registry(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    Cookie = apps.get_model("cookie_consent", "Cookie")
    CookieDetails = apps.get_model("consent", "CookieDetails")
    for spec in GROUPS:
        group, created = CookieGroup.objects.get_or_create(
            varname=spec["varname"],
            defaults={
                key: spec[key]
                for key in ("name", "description", "is_required", "is_deletable", "ordering")
            },
        )
        for name, purpose, lifetime, provider in spec["cookies"]:
            cookie, _ = Cookie.objects.get_or_create(
                cookiegroup=group,
                name=name,
                domain="",
                defaults={"description": purpose, "path": "/"},
            )
            CookieDetails.objects.get_or_create(
                cookie=cookie, defaults={"lifetime": lifetime, "provider": provider}
            )
    # Historical models have no custom save(), so clear both caches by hand.
    from django.core.cache import cache

    cache.delete("cookie_consent_cache")
    cache.delete("consent:config:v1")


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0001_initial"),
        ("cookie_consent", "0004_cookie_natural_key"),
    ]

    operations = [migrations.RunPython(create_registry, migrations.RunPython.noop)]
