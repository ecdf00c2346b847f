"""`{% picture_of image "lead" … %}` and `{% image_of image "video_thumbnail" … %}`: Wagtail's
`{% picture %}` and `{% image %}` with their filter specs taken from renditions.py by name.

The renditions the worker makes beforehand (articles/tasks.py) come from the same list, so a
size changed in one place changes in both. Everything after the name is passed to Wagtail's
tag unchanged (sizes=…, class=…, alt="", loading=…); an unknown name fails when the template
is compiled, not when a page renders.
"""

from django import template
from django.template.base import Token, TokenType
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

from articles import renditions

register = template.Library()


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
    return wagtail_image_tag(parser, Token(TokenType.BLOCK, contents, token.position, token.lineno))


@register.tag
def picture_of(parser, token):
    return _with_named_specs("picture", parser, token)


@register.tag
def image_of(parser, token):
    return _with_named_specs("image", parser, token)
