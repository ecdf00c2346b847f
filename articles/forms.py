"""The article editor's form: an article may be saved as a draft without an author, but
not published (or sent for moderation) without one; a lead image must be large enough for
the widest rendition the page asks for; a slug already taken names the page that holds it."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminPageForm

AUTHOR_NEEDED = (
    "Choose an author before publishing: readers and search engines are told who wrote "
    "each article. A draft can be saved without one."
)
# The largest lead rendition (templates/includes/picture.html): a smaller image would be
# offered twice at the same width in srcset, and look soft on wide screens.
LEAD_IMAGE_MIN = (1200, 675)


def slug_holder(parent_page, slug, instance):
    """The sibling page that already uses ``slug`` under ``parent_page``, if any."""
    if parent_page is None or not slug:
        return None
    siblings = parent_page.get_children().filter(slug=slug)
    if instance is not None and instance.pk:
        siblings = siblings.exclude(pk=instance.pk)
    return siblings.first()


def slug_taken_message(slug, holder):
    """An abandoned first try leaves an autosaved draft holding the slug: name it and link to
    it, so the editor can finish or delete it rather than guess."""
    kind = "page" if holder.live else "unpublished draft"
    return format_html(
        "The slug “{}” is already used by the {} “{}”. "
        '<a href="{}">Open that {}</a> to finish or delete it, or choose another slug.',
        slug,
        kind,
        holder.get_admin_display_title(),
        reverse("wagtailadmin_pages:edit", args=[holder.pk]),
        "page" if holder.live else "draft",
    )


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required in the editor only (the model allows none, so scripts and imports still
        # work). The author's FieldPanel lists the field as deferred, so Wagtail lifts this
        # for "Save draft" and checks it for Publish, Submit and workflow actions.
        if "author" in self.fields:
            self.fields["author"].required = True
            self.fields["author"].error_messages["required"] = AUTHOR_NEEDED

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors:
            # Wagtail's own error says only that the slug is in use; ours says by what. (Its
            # error took the slug out of cleaned_data, so it is read from the posted value.)
            slug = (self["slug"].value() or "").strip()
            holder = slug_holder(getattr(self, "parent_page", None), slug, self.instance)
            if holder is not None:
                self.errors["slug"] = self.error_class([slug_taken_message(slug, holder)])
        image = cleaned_data.get("lead_image")
        min_width, min_height = LEAD_IMAGE_MIN
        if image is not None and (image.width < min_width or image.height < min_height):
            self.add_error(
                "lead_image",
                f"This image is {image.width}×{image.height} pixels; a lead image needs at "
                f"least {min_width}×{min_height} to stay sharp on wide screens.",
            )
        return cleaned_data
