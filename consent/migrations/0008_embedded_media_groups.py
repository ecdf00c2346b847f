"""The Embedded media cookie groups: one per video provider an article can embed
(articles/embeds/providers.py names each group ``embeds_<provider>``), so "Always allow
YouTube" is a choice of its own, logged and withdrawn like any other.

Their cookies are the provider's, set on the provider's own domain once its player loads;
listed so /cookies/ says what a visitor agrees to. Existing rows are left as edited."""

from django.db import migrations

GROUPS = [
    {
        "varname": "embeds_youtube",
        "name": "Embedded media: YouTube",
        "description": (
            "Play YouTube videos inside our articles. The player comes from "
            "youtube-nocookie.com, the privacy-enhanced mode of YouTube, and only loads after "
            "you agree; YouTube may then store cookies and similar data on your device."
        ),
        "ordering": 30,
        "cookies": [
            (
                "VISITOR_INFO1_LIVE",
                "YouTube: estimates your bandwidth for the player.",
                "6 months",
                "YouTube (Google)",
                ".youtube.com",
            ),
            (
                "YSC",
                "YouTube: tells the views of one browser session apart.",
                "Session",
                "YouTube (Google)",
                ".youtube.com",
            ),
        ],
    },
    {
        "varname": "embeds_vimeo",
        "name": "Embedded media: Vimeo",
        "description": (
            "Play Vimeo videos inside our articles. The player is loaded from "
            "player.vimeo.com with the do-not-track option of Vimeo, and only after you agree; "
            "Vimeo may then store cookies on your device."
        ),
        "ordering": 31,
        "cookies": [
            (
                "vuid",
                "Vimeo: tells the visitors of its player apart.",
                "2 years",
                "Vimeo",
                ".vimeo.com",
            ),
        ],
    },
]


def create_groups(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    Cookie = apps.get_model("cookie_consent", "Cookie")
    CookieDetails = apps.get_model("consent", "CookieDetails")
    for spec in GROUPS:
        group, _ = CookieGroup.objects.get_or_create(
            varname=spec["varname"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "is_required": False,
                "is_deletable": True,
                "ordering": spec["ordering"],
            },
        )
        for name, purpose, lifetime, provider, domain in spec["cookies"]:
            cookie, _ = Cookie.objects.get_or_create(
                cookiegroup=group,
                name=name,
                domain=domain,
                defaults={"description": purpose, "path": "/"},
            )
            CookieDetails.objects.get_or_create(
                cookie=cookie, defaults={"lifetime": lifetime, "provider": provider}
            )
    # Historical models have no custom save(), so clear both caches by hand.
    from django.core.cache import cache

    cache.delete("cookie_consent_cache")
    cache.delete("consent:config:v1")


def remove_groups(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    CookieGroup.objects.filter(varname__in=[spec["varname"] for spec in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0007_owner_only_pruning")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
