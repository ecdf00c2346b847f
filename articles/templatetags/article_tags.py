"""Template tags of the article page: its body and further reading, each kept once per site
version (pagecache/versioned.py) for the page, its site and language."""

from django import template
from django.utils.safestring import mark_safe

from pagecache import versioned

from .kept_tags import inside_kept_render

register = template.Library()

# Fragment name -> template. Each shows only the page's own content and what every purge
# covers: the facts of its tables, the pages and documents it links to, its images.
FRAGMENTS = {
    "body": "articles/includes/article_body.html",
    "further_reading": "articles/includes/further_reading.html",
}


def kept_fragment(context, name, render):
    """`render()` for the page in the context, kept under the page's id unless it renders
    inside a part of the page that is being kept whole ({% keep %}), a preview, an unsaved
    page or a page under a view restriction (versioned.py keeps nothing for those)."""
    page, request = context["page"], context.get("request")
    if page.pk is None or inside_kept_render(context):
        return render()
    kept_name = versioned.fragment_name(request, f"article:{name}", [page.pk])
    return mark_safe(versioned.cached(request, kept_name, lambda: str(render())))  # noqa: S308


@register.simple_tag(takes_context=True)
def article_fragment(context, name):
    """Render a fragment in the page's own context, or take it as kept."""
    template_name = FRAGMENTS[name]

    def render():
        return context.template.engine.get_template(template_name).render(context)

    return kept_fragment(context, name, render)


@register.filter
def has_block(stream, block_type):
    """True when a stream field holds a block of this type, read from its raw data (no block
    is converted), so a page loads a block's own CSS and JS only when it shows one."""
    raw = getattr(stream, "raw_data", None) or ()
    return any(item.get("type") == block_type for item in raw)
