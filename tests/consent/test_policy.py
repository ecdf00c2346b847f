"""Registry, policy page and policy versions."""

import pytest
from cookie_consent.cache import all_cookie_groups
from cookie_consent.models import Cookie, CookieGroup
from django.core.cache import cache

from consent.models import ConsentPolicyVersion, ConsentTextSettings, CookieDetails
from consent.policy import (
    CONFIG_CACHE_KEY,
    consent_config,
    ensure_policy_version,
    invalidate_config,
)
from tests.page_text import assert_shows


def fresh_version():
    invalidate_config()
    return consent_config()["version"]


def test_migration_created_the_three_groups_with_details(db):
    groups = {g.varname: g for g in CookieGroup.objects.all()}
    assert set(groups) >= {"necessary", "analytics", "personalisation"}
    assert groups["necessary"].is_required
    assert not groups["analytics"].is_required and not groups["personalisation"].is_required
    analytics = Cookie.objects.get(cookiegroup=groups["analytics"], name="_am_analytics")
    assert analytics.description and analytics.details.lifetime and analytics.details.provider
    # The library's cache sees them (it only lists optional groups).
    assert set(all_cookie_groups()) == {
        "analytics",
        "personalisation",
        "embeds_youtube",  # consent/migrations/0008_embedded_media_groups.py
        "embeds_vimeo",
    }


def test_policy_page_is_generated_from_the_registry(client, home):
    group = CookieGroup.objects.get(varname="personalisation")
    cookie = Cookie.objects.create(
        cookiegroup=group, name="_probe", description="Probes the probe."
    )
    CookieDetails.objects.create(cookie=cookie, lifetime="3 days", provider="Probe Ltd")
    invalidate_config()
    html = client.get("/cookies/").content.decode()
    assert_shows(
        html,
        "Personalisation",
        "_probe",
        "Probes the probe.",
        "3 days",
        "Probe Ltd",
        "Necessary",
        'id="consent-preferences"',
        'name="csrfmiddlewaretoken"',
    )


def test_policy_page_form_has_nothing_pre_ticked_for_undecided_visitor(client, home):
    html = client.get("/cookies/").content.decode()
    assert " checked" not in html


def test_policy_page_is_private(client, home):
    response = client.get("/cookies/")
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_first_request_creates_a_version_holding_the_exact_text(db):
    version = ConsentPolicyVersion.objects.get(pk=fresh_version())
    texts = ConsentTextSettings.load()
    assert texts.banner_text in version.text
    assert texts.policy_text in version.text
    assert "am_prefs" in version.text  # a registry cookie every setup shows
    assert version.sha256 == ConsentPolicyVersion.digest(version.text)


def test_unchanged_text_reuses_the_version(db):
    assert fresh_version() == fresh_version()


def reword_the_banner():
    texts = ConsentTextSettings.load()
    texts.banner_text = "New wording for the banner."
    texts.save()
    return "New wording for the banner."


def redescribe_a_cookie_group():
    group = CookieGroup.objects.get(varname="personalisation")
    group.description = "Something else entirely."
    group.save()
    return "Something else entirely."


def lengthen_a_cookie_lifetime():
    details = CookieDetails.objects.get(cookie__name="am_prefs")
    details.lifetime = "2 years"
    details.save()
    return "lifetime: 2 years"


@pytest.mark.parametrize(
    "change",
    [reword_the_banner, redescribe_a_cookie_group, lengthen_a_cookie_lifetime],
    ids=lambda change: change.__name__,
)
def test_a_change_visitors_can_read_makes_a_new_version(db, change):
    before = fresh_version()
    new_words = change()
    after = fresh_version()
    assert after != before
    newest = ConsentPolicyVersion.objects.get(pk=after)
    assert new_words in newest.text
    assert newest.supersedes_id == before


def test_reverting_text_is_still_a_new_version(db):
    first = ensure_policy_version("A")
    second = ensure_policy_version("B")
    third = ensure_policy_version("A")
    assert len({first.pk, second.pk, third.pk}) == 3
    assert third.supersedes == second and second.supersedes == first


def test_the_version_chain_cannot_fork(db):
    from django.db import IntegrityError, transaction

    base = ensure_policy_version("base")
    ConsentPolicyVersion.objects.create(text="one", supersedes=base)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentPolicyVersion.objects.create(text="two", supersedes=base)


def test_a_choice_names_the_text_in_force_even_if_this_server_remembers_an_older_one(
    browser, django_capture_on_commit_callbacks
):
    """While Redis is away each server caches the config in its own memory, which a change
    saved through another server cannot clear: the choice view must still notice."""
    remembered = consent_config()
    remembered_all = cache.get(CONFIG_CACHE_KEY)  # every language's config, under one key
    texts = ConsentTextSettings.load()
    texts.banner_text = "Changed through the other server."
    with django_capture_on_commit_callbacks(execute=True):
        texts.save()
    cache.set(CONFIG_CACHE_KEY, remembered_all)  # this server's copy, never cleared

    response = browser.choose("/cookies/accept/", json=True)

    assert response.status_code == 200
    version = ConsentPolicyVersion.objects.get(pk=response.json()["version"])
    assert version.pk != remembered["version"]
    assert "Changed through the other server." in version.text
    assert consent_config()["version"] == version.pk
