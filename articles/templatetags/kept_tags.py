"""``{% keep "name" value… %}…{% endkeep %}``: a part of a page rendered once per site version.

For the parts of a page that show only what every purge covers (the home page's listing,
the footer): pagecache/versioned.py keeps the HTML under the
site version, so the first render after any purge makes it again. The values after the name
are what else the HTML depends on (a page's id, the path a form returns to); the site and
the language are always part of the key. Nothing inside may set context variables that the
rest of the page reads, since a kept render does not run it. Previews, and requests with a
query string (which made-up parameters would turn into new entries), always render.

While a part renders to be kept, ``kept_render`` is true in its context: the fragments and
pictures inside (article_tags.py, picture_tags.py) then render without keeping a second
copy of themselves.
"""

from django import template
from django.utils.safestring import mark_safe

from pagecache import versioned

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        request = context.get("request")
        if request is None or request.META.get("QUERY_STRING") or inside_kept_render(context):
            # Inside a part being kept (an article card in the home page's listing), the
            # outer part's copy is the one kept.
            return self.nodelist.render(context)
        name = versioned.fragment_name(
            request, self.name, [v.resolve(context) for v in self.values]
        )
        html = versioned.cached(request, name, lambda: self.render_to_keep(context))
        return mark_safe(html)  # noqa: S308 - our own template output, escaped when rendered

    def render_to_keep(self, context):
        with context.push(kept_render=True):
            return self.nodelist.render(context)


def inside_kept_render(context):
    """Whether this node renders inside a part {% keep %} is keeping (module docstring)."""
    return bool(context.get("kept_render"))


@register.tag
def keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("keep takes a quoted name, then values")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])
