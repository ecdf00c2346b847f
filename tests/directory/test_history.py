"""Change history and the Atom feed, computed from the revisions editors publish."""

from decimal import Decimal

import feedparser
import pytest

from directory.history import model_history, recent_changes
from directory.models import FoundationModel
from tests.table_factories import SourceFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(models, editor):
    """Large published three times: first, with a new count and source, then only re-checked;
    and a draft revision with a count nobody may see yet."""
    large = models["large"]
    publish(large)
    SourceFactory(model=large, title="Bigger model card", url="https://example.org/bigger")
    large.refresh_from_db()
    large.max_parameters_billions = Decimal("1800")
    publish(large)
    large.as_of = large.as_of.replace(year=2026)
    publish(large)
    draft = FoundationModel.objects.get(pk=large.pk)
    draft.max_parameters_billions = Decimal("9999")
    draft.save_revision()
    return large


def test_history_shows_published_changes_newest_first(edited):
    history = model_history(edited)
    assert [entry.is_new for entry in history] == [False, True]
    (change,) = history[0].changes
    assert (change.label, change.old, change.new) == ("Parameters", "405B", "1.8T")
    assert "Bigger model card" in [s.title for s in change.sources]


def test_drafts_never_reach_the_history(edited, client):
    page = client.get("/models/large/").content.decode()
    assert "405B → 1.8T" in page
    assert "10T" not in page and "9999" not in page


def test_feed_is_valid_atom_with_one_entry_per_change(client, edited):
    response = client.get("/models/changes.xml")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Large: parameters changed", "Large added to the directory"]
    first = feed.entries[0]
    assert first.link.endswith(f"/models/large/#change-{recent_changes(1)[0].revision_id}")
    assert "405B → 1.8T" in first.summary
    assert len({entry.id for entry in feed.entries}) == 2


def test_feed_forgets_unpublished_models(client, edited):
    edited.unpublish()
    feed = feedparser.parse(client.get("/models/changes.xml").content)
    assert not feed.bozo
    assert feed.entries == []
