"""The article editor's form: an article may be saved as a draft without an author, but
not published (or sent for moderation) without one; a lead image must be large enough for
the widest rendition the page asks for."""

from wagtail.admin.forms import WagtailAdminPageForm

AUTHOR_NEEDED = (
    "Choose an author before publishing: readers and search engines are told who wrote "
    "each article. A draft can be saved without one."
)
# The largest lead rendition (templates/includes/picture.html): a smaller image would be
# offered twice at the same width in srcset, and look soft on wide screens.
LEAD_IMAGE_MIN = (1200, 675)


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
        image = cleaned_data.get("lead_image")
        min_width, min_height = LEAD_IMAGE_MIN
        if image is not None and (image.width < min_width or image.height < min_height):
            self.add_error(
                "lead_image",
                f"This image is {image.width}×{image.height} pixels; a lead image needs at "
                f"least {min_width}×{min_height} to stay sharp on wide screens.",
            )
        return cleaned_data
