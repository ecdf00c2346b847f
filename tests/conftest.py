import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from consent.models import ConsentCheckpoint, ConsentPolicyVersion, ConsentPrune, ConsentRecord
from tests.consent.log_tools import guards_off
from tests.factories import SectionPageFactory, make_site_tree


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches: the database rolls back between tests, caches
    do not, and Wagtail's site root paths or the consent config would point at gone rows."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def consent_log_flushable(request):
    """Transactional tests end with a flush, which on SQLite is a DELETE the consent log's
    append-only triggers refuse (PostgreSQL's TRUNCATE fires no row triggers). Empty the log
    first with the guards briefly off, as only the table owner could."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    names = request.fixturenames
    if not (transactional or "transactional_db" in names or "live_server" in names):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor == "sqlite":
        with transaction.atomic(), guards_off() as cursor:
            for model in (ConsentRecord, ConsentPolicyVersion, ConsentCheckpoint, ConsentPrune):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")


@pytest.fixture
def home(db):
    return make_site_tree()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Core Concepts", slug="core-concepts")


# --------------------------------------------------------------------------- people

TEST_PASSWORD = "pw-123456789"  # noqa: S105 - throwaway accounts in the test database


@pytest.fixture
def make_user(django_user_model):
    """Create an account: ``make_user("ann", groups=["Editors"])`` or ``superuser=True``.

    The groups ("Editors", "Moderators", "Consent auditors") come from migrations. It asks
    for no database fixture itself, so the browser suite can use it on its live-server
    database."""

    def make(username, *, groups=(), superuser=False, password=TEST_PASSWORD):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.com",
            password=password,
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.groups.add(*(Group.objects.get(name=name) for name in groups))
        return user

    return make


@pytest.fixture
def signed_in():
    """``signed_in(user)``: a fresh test client with that user's session."""

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def superuser(db, make_user):
    return make_user("boss", superuser=True)


@pytest.fixture
def editor(db, make_user):
    """A member of Wagtail's "Editors" group: may edit pages, holds no other permission."""
    return make_user("editor", groups=["Editors"])


@pytest.fixture
def admin_client(signed_in, superuser):
    """A client signed in as ``superuser`` (replaces pytest-django's own, so that tests asking
    for both get the same account)."""
    return signed_in(superuser)


@pytest.fixture
def editor_client(signed_in, editor):
    return signed_in(editor)
