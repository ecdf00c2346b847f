"""The article editor's form: an article may be saved as a draft without an author, but
not published (or sent for moderation) without one."""

from wagtail.admin.forms import WagtailAdminPageForm

AUTHOR_NEEDED = (
    "Choose an author before publishing: readers and search engines are told who wrote "
    "each article. A draft can be saved without one."
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
