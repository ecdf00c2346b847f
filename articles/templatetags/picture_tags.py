"""`{% picture_of image "lead" … %}` and `{% image_of image "video_thumbnail" … %}`: Wagtail's
`{% picture %}` and `{% image %}` with their filter specs taken from renditions.py by name.

The renditions the worker makes beforehand (articles/tasks.py) come from the same list, so a
size changed in one place changes in both. Everything after the name is passed to Wagtail's
tag unchanged (sizes=…, class=…, alt="", loading=…); an unknown name fails when the template
is compiled, not when a page renders.

What a tag writes is kept once per site version (pagecache/versioned.py) for each image and
set of attributes: finding nine renditions of a lead image in the cache (and Wagtail writing
them back on every request) cost more than the rest of the page's header. Saving an image
purges every page that shows it, which gives the site a new version; the key also names the
image's file, size, focal point and alt text, so a changed image never matches an old entry.
Inside a part of a page kept whole ({% keep %}) a picture is kept with that part only.
"""

import hashlib

from django import template
from django.template.base import Token, TokenType
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

from articles import renditions
from pagecache import versioned

from .kept_tags import inside_kept_render

register = template.Library()


class KeptImageNode(template.Node):
    """Wagtail's image node, its HTML kept per site version (module docstring)."""

    def __init__(self, node, name):
        self.node, self.name = node, name

    def key(self, image, context):
        attrs = sorted((k, str(v.resolve(context))) for k, v in self.node.attrs.items())
        alt = getattr(image, "contextual_alt_text", None)
        focal = (image.focal_point_x, image.focal_point_y, image.focal_point_width)
        described = (image.title, getattr(image, "description", ""), alt)
        file = (image.file.name, image.width, image.height, focal, described)
        made = repr((self.name, file, attrs, translation.get_language()))
        return f"picture:{image.pk}:{hashlib.blake2b(made.encode(), digest_size=16).hexdigest()}"

    def render(self, context):
        image = self.node.validate_image(context)
        if not image or self.node.output_var_name or image.pk is None:
            return self.node.render(context)
        if inside_kept_render(context):
            return self.node.render(context)
        request = context.get("request")
        key = self.key(image, context)
        html = versioned.cached(request, key, lambda: self.node.render(context))
        return mark_safe(html)  # noqa: S308 - Wagtail's own tag output


def _with_named_specs(wagtail_tag_name, parser, token):
    tag_name, *bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{tag_name} takes an image and a rendition name")
    image, name, *attrs = bits
    try:
        specs = renditions.filter_specs(name.strip("\"'"))
    except KeyError:
        raise template.TemplateSyntaxError(f"{tag_name}: no renditions named {name}") from None
    contents = " ".join([wagtail_tag_name, image, *specs, *attrs])
    token = Token(TokenType.BLOCK, contents, token.position, token.lineno)
    return KeptImageNode(wagtail_image_tag(parser, token), f"{wagtail_tag_name}:{name}")


@register.tag
def picture_of(parser, token):
    return _with_named_specs("picture", parser, token)


@register.tag
def image_of(parser, token):
    return _with_named_specs("image", parser, token)
