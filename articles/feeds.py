"""Atom feeds of the reading site: every article, one section's, one tag's.

Entries are dated by the editorial dates readers see on the page, not by when a row was
written: *published* is the article's first-published date, *updated* its last-reviewed
date or, when it has not been reviewed, its last publish (a correction). The feed's own
``<updated>`` is the latest of those (Django takes it from the entries).
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from wagtail.models import Site

from astermind_site.site_url import absolute_url, site_root_url

from .lookups import section_for, tag_for
from .models import live_articles

FEED_LENGTH = 20
DEFAULT_SITE_NAME = "AsterMind Learn"


def start_of_day(day):
    """An editorial date as the moment it began, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def published_at(article):
    return start_of_day(article.first_published)


def updated_at(article):
    """The last review, else the last publish; never before the entry was published."""
    if article.last_reviewed:
        updated = start_of_day(article.last_reviewed)
    else:
        updated = article.last_published_at or published_at(article)
    return max(updated, published_at(article))


def site_name(request):
    """The Wagtail site's name (read with the site itself, so it costs no query)."""
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or DEFAULT_SITE_NAME


class ArticleFeed(Feed):
    """Every live, public article, newest first by first-published date."""

    feed_type = Atom1Feed
    url_name = "feed"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def articles(self, obj):
        return live_articles()

    def self_path(self, obj):
        return reverse(self.url_name)

    def listing_url(self, obj):
        return site_root_url(self.request) + "/"

    def title(self, obj):
        return gettext("%(site)s: latest articles") % {"site": site_name(self.request)}

    def subtitle(self, obj):
        return gettext("New and reviewed explanations of AI.")

    def link(self, obj):
        return self.listing_url(obj)

    def feed_url(self, obj):
        return absolute_url(self.self_path(obj), self.request)

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def items(self, obj):
        return self.articles(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.plain_standfirst()

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return published_at(item)

    def item_updateddate(self, item):
        return updated_at(item)

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_author_link(self, item):
        if item.author is None:
            return None
        return absolute_url(reverse("author", args=[item.author.slug]), self.request)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class SectionFeed(ArticleFeed):
    """The articles of one section."""

    url_name = "section_feed"

    def get_object(self, request, slug):
        return section_for(request, slug)

    def articles(self, obj):
        return live_articles().child_of(obj)

    def self_path(self, obj):
        return reverse(self.url_name, args=[obj.slug])

    def listing_url(self, obj):
        return obj.get_full_url(self.request)

    def title(self, obj):
        return f"{site_name(self.request)}: {obj.title}"

    def subtitle(self, obj):
        return obj.intro or gettext("New and reviewed articles in %(section)s.") % {
            "section": obj.title
        }


class TagFeed(ArticleFeed):
    """The articles carrying one tag."""

    url_name = "tag_feed"

    def get_object(self, request, slug):
        return tag_for(slug)

    def articles(self, obj):
        return live_articles().filter(tags=obj)

    def self_path(self, obj):
        return reverse(self.url_name, args=[obj.slug])

    def listing_url(self, obj):
        return absolute_url(reverse("tag", args=[obj.slug]), self.request)

    def title(self, obj):
        return gettext("%(site)s: articles tagged “%(tag)s”") % {
            "site": site_name(self.request),
            "tag": obj.name,
        }

    def subtitle(self, obj):
        return gettext("New and reviewed articles tagged “%(tag)s”.") % {"tag": obj.name}
