"""The section each article of a listing sits in, for listings that mix sections."""

from wagtail.models import Page

# What a link to a section needs.
SECTION_FIELDS = ("title", "path", "depth", "url_path", "locale_id", "translation_key")


def attach_sections(articles):
    """Give each article its parent section as `section` (None when it has none), in one
    query for the whole list."""
    articles = list(articles)
    parent_paths = {a.path[: -a.steplen] for a in articles}
    if not parent_paths:
        return articles
    parents = {p.path: p for p in Page.objects.filter(path__in=parent_paths).only(*SECTION_FIELDS)}
    for article in articles:
        article.section = parents.get(article.path[: -article.steplen])
    return articles
