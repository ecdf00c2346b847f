"""Template tags of the article page: its body and further reading, rendered once per
revision and facts (articles/render_cache.py)."""

from django import template

from articles.render_cache import cached_fragment

register = template.Library()

# Fragment name -> (template, the stream field whose content it renders).
FRAGMENTS = {
    "body": ("articles/includes/article_body.html", "body"),
    "further_reading": ("articles/includes/further_reading.html", "further_reading"),
}


@register.simple_tag(takes_context=True)
def article_fragment(context, name):
    """Render a fragment in the page's own context, or take it from the render cache."""
    template_name, field = FRAGMENTS[name]
    page = context["page"]

    def render():
        return context.template.engine.get_template(template_name).render(context)

    return cached_fragment(name, page, getattr(page, field), context.get("request"), render)


@register.filter
def has_block(stream, block_type):
    """True when a stream field holds a block of this type, read from its raw data (no block
    is converted), so a page loads a block's own CSS and JS only when it shows one."""
    raw = getattr(stream, "raw_data", None) or ()
    return any(item.get("type") == block_type for item in raw)
