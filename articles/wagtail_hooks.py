"""Admin registrations for the reading site: snippets, settings and the block icons Wagtail's
set lacks live here only. The fact registry's screens are factcheck's (factcheck/viewsets.py)."""

from taggit.models import Tag
from wagtail import hooks
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, SiteSettings

# Hand-drawn icons (templates/articles/icons/) so the two table blocks look different in the
# block chooser: Wagtail's set has a single "table".
BLOCK_ICONS = ["articles/icons/table-models.svg", "articles/icons/table-concepts.svg"]


@hooks.register("register_icons")
def register_block_icons(icons):
    return icons + BLOCK_ICONS


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name"]
    # A plain ORM filter: the search index's field filter fails on SQLite's FTS table.
    search_backend_name = None


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels_fields = ["name", "slug"]


register_snippet(AuthorViewSet)
register_snippet(TagViewSet)
register_setting(SiteSettings, icon="cog")
