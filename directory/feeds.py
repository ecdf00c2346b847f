"""An Atom feed of fact changes: a new model, or a published change to its facts."""

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from astermind_site.site_url import absolute_url

from .history import recent_changes

FEED_LENGTH = 30
# An empty feed still needs an <updated>; Django's default (now) would differ on every
# request and make the response uncacheable in effect, so it is a fixed date instead.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


class StableAtomFeed(Atom1Feed):
    def latest_post_date(self):
        if not self.items:
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()


class ModelChangesFeed(Feed):
    feed_type = StableAtomFeed
    title = gettext_lazy("AsterMind Learn: foundation model fact changes")
    subtitle = gettext_lazy("New models in the directory and changes to their published facts.")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return absolute_url(reverse("directory:index"), self.request)

    def feed_url(self):
        return absolute_url(reverse("directory:changes"), self.request)

    def items(self):
        return recent_changes(FEED_LENGTH)

    def item_title(self, item):
        return item.summary

    def item_description(self, item):
        if item.is_new:
            return f"{item.name} is now in the directory, with facts checked on {item.as_of}."
        return "; ".join(f"{c.label}: {c.old} → {c.new}" for c in item.changes)

    def item_link(self, item):
        url = reverse("directory:detail", args=[item.slug])
        return absolute_url(f"{url}#change-{item.revision_id}", self.request)

    def item_guid(self, item):
        return absolute_url(f"/models/changes/{item.object_id}/{item.revision_id}", self.request)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
