"""MIGRATE_DATABASE_URL: the same database as another role, or it refuses to start; the site's
role is DATABASE_URL's user only when the two differ (settings/database.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from astermind_site.settings.database import app_role, owner_credentials

APP = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "astermind",
    "HOST": "db.internal",
    "PORT": 5432,
    "USER": "astermind_app",
    "PASSWORD": "app-secret",
}


def test_unset_means_one_role_and_nothing_to_grant(monkeypatch):
    monkeypatch.delenv("MIGRATE_DATABASE_URL", raising=False)
    owner = owner_credentials(APP)
    assert (owner, app_role(APP, owner)) == (None, "")


def test_another_role_of_the_same_database_is_the_owner(monkeypatch):
    monkeypatch.setenv(
        "MIGRATE_DATABASE_URL", "postgres://astermind_owner:owner-secret@db.internal:5432/astermind"
    )
    owner = owner_credentials(APP)
    assert owner == {"NAME": "astermind", "USER": "astermind_owner", "PASSWORD": "owner-secret"}
    assert app_role(APP, owner) == "astermind_app"


def test_the_same_user_twice_is_one_role(monkeypatch):
    monkeypatch.setenv(
        "MIGRATE_DATABASE_URL", "postgres://astermind_app:x@db.internal:5432/astermind"
    )
    assert owner_credentials(APP) is None


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgres://owner@db.internal:5432/other", "name"),
        ("postgres://owner@elsewhere:5432/astermind", "host"),
        ("postgres://owner@db.internal:6543/astermind", "port"),
        ("sqlite:////tmp/astermind.sqlite3", "engine"),
    ],
)
def test_another_database_is_refused(monkeypatch, url, named):
    monkeypatch.setenv("MIGRATE_DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match=f"differ in .*{named}"):
        owner_credentials(APP)
