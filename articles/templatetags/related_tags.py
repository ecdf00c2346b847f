"""The "More on <topics>" list after an article, kept once per site version."""

from django import template

from articles.related import related_articles, topics_heading

from .article_tags import kept_fragment

register = template.Library()

TEMPLATE = "articles/includes/related.html"


@register.simple_tag(takes_context=True)
def related_reading(context):
    """The rendered list (article_tags.kept_fragment). It shows other articles' titles,
    sections, dates and tags: each publish, unpublish, move or tag change anywhere purges,
    which renews the site version it is kept under."""
    page = context["page"]

    def render():
        tags = context.get("article_tags")  # the view's, a callable (ArticlePage.get_context)
        tags = list(page.tags.all()) if tags is None else list(tags() if callable(tags) else tags)
        related = related_articles(page, tags=tags)
        with context.push(related_articles=related, related_heading=topics_heading(tags)):
            return context.template.engine.get_template(TEMPLATE).render(context)

    return kept_fragment(context, "related", render)
