"""More on the article's topics: the live articles that share the most tags with it.

Most shared tags first, then the newest; never the article itself, nor an article its own
*Further reading* already names (that list is the editor's annotated picks inside the
article; this one, after it, is chosen by tags and headed by them); at most RELATED_LIMIT.
One query finds them (and one more their sections); the article page keeps the rendered
list in the render cache (templatetags/related_tags.py), retired whenever a page is
published, so a warm article request makes no query for it.
"""

from django.db.models import Count
from django.utils.translation import gettext

from .models import ArticlePage, live_articles
from .sections import attach_sections

RELATED_LIMIT = 3


def further_reading_page_ids(article):
    """The pages the article's further reading links to, read from its stored data."""
    return {
        block["value"].get("page")
        for block in article.further_reading.raw_data
        if block.get("type") == "article" and isinstance(block.get("value"), dict)
    } - {None}


def topics_heading(tags):
    """The list's heading, naming the topics that chose it: "More on A, B and C"."""
    names = [tag.name for tag in tags]
    if len(names) > 1:
        return gettext("More on %(topics)s and %(last)s") % {
            "topics": ", ".join(names[:-1]),
            "last": names[-1],
        }
    if names:
        return gettext("More on %(topic)s") % {"topic": names[0]}
    return gettext("More to read")


def related_articles(article, tags=None, limit=RELATED_LIMIT):
    """The articles sharing tags with `article` (its tags may be passed if already read)."""
    tag_ids = [tag.pk for tag in (article.tags.all() if tags is None else tags)]
    if not tag_ids or article.pk is None:
        return []
    related = (
        live_articles()
        .prefetch_related(None)  # the list shows no tags
        .filter(tagged_items__tag_id__in=tag_ids)
        .exclude(pk=article.pk)
        .exclude(pk__in=further_reading_page_ids(article))
        .annotate(shared_tags=Count("tagged_items", distinct=True))
        .order_by("-shared_tags", "-first_published", "-pk")[:limit]
    )
    return attach_sections(related)


def articles_sharing_tags(article):
    """Every live article sharing a tag with `article`: the pages whose related reading a
    change to it can alter (purged with it, see pagecache/purge.py)."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return ArticlePage.objects.none()
    return (
        ArticlePage.objects.live()
        .filter(tagged_items__tag_id__in=tag_ids)
        .exclude(pk=article.pk)
        .distinct()
    )
