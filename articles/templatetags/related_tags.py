"""The "More on <topics>" list after an article, from the render cache when warm."""

from django import template

from articles.related import related_articles, topics_heading
from articles.render_cache import LINKS, cached_fragment

register = template.Library()

TEMPLATE = "articles/includes/related.html"


@register.simple_tag(takes_context=True)
def related_reading(context):
    """The rendered list. Keyed by the article's live revision (its tags) and the LINKS
    token, which every publish, unpublish, move or delete of a page replaces, so another
    article's new title or tags never leave a stale list behind."""
    page = context["page"]

    def render():
        tags = context.get("article_tags")
        if tags is None:
            tags = list(page.tags.all())
        related = related_articles(page, tags=tags)
        with context.push(related_articles=related, related_heading=topics_heading(tags)):
            return context.template.engine.get_template(TEMPLATE).render(context)

    return cached_fragment("related", page, page.body, context.get("request"), render, also=[LINKS])
