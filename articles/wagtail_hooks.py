"""Admin registrations for the reading site: snippets, settings and the block icons Wagtail's
set lacks live here only."""

from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from astermind_site.admin_exports import FormulaSafeSnippetIndexView
from factcheck.panels import FactHistoryPanel
from factcheck.views import FactEditView

from .columns import COLUMNS
from .models import Author, FoundationModel, Modality, Organisation, SiteSettings

# Hand-drawn icons (templates/articles/icons/) so the two table blocks look different in the
# block chooser: Wagtail's set has a single "table".
BLOCK_ICONS = ["articles/icons/table-models.svg", "articles/icons/table-concepts.svg"]


@hooks.register("register_icons")
def register_block_icons(icons):
    return icons + BLOCK_ICONS


def registry_column(key, sort_key):
    """A listing column that shows a fact as tables do ("8x22B", "Yes"), from the registry."""
    column = COLUMNS[key]
    return Column(key, label=column.label, accessor=column.display, sort_key=sort_key)


def with_fact_history(panels):
    """The snippet's own panels, and a tab with the history of its facts."""
    return TabbedInterface(
        [
            ObjectList(panels, heading="Facts"),
            ObjectList([FactHistoryPanel()], heading="Fact history"),
        ]
    )


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


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "slug", "website", LiveStatusTagColumn()]
    edit_view_class = FactEditView
    edit_handler = with_fact_history(Organisation.panels)
    search_fields = ["name", "slug"]


class FoundationModelViewSet(SnippetViewSet):
    model = FoundationModel
    icon = "table"
    menu_label = "Foundation models"
    list_display = [
        "name",
        "developer",
        registry_column("parameters", "max_parameters_billions"),
        registry_column("open_weights", "open_weights"),
        "as_of",
        LiveStatusTagColumn(),
    ]
    list_filter = ["developer", "modalities", "open_weights", "parameter_status", "live"]
    index_view_class = FormulaSafeSnippetIndexView  # its CSV/XLSX cells never run as formulas
    list_export = [
        "name",
        "slug",
        "developer",
        "parameter_status",
        "max_parameters_billions",
        "open_weights",
        "licence",
        "as_of",
    ]
    search_fields = ["name", "slug", "developer__name", "licence"]
    ordering = ["name"]
    edit_view_class = FactEditView
    edit_handler = with_fact_history(FoundationModel.panels)


class ModalityViewSet(SnippetViewSet):
    model = Modality
    icon = "tag"
    menu_label = "Modalities"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    edit_view_class = FactEditView
    edit_handler = with_fact_history(Modality.panels)


class ModelFactsGroup(SnippetViewSetGroup):
    """The fact registry that comparison tables read from, kept together in the menu (a
    snippet group, so its snippets are not listed again under "Snippets")."""

    menu_label = "Model facts"
    menu_icon = "table"
    menu_order = 220
    items = (FoundationModelViewSet, OrganisationViewSet, ModalityViewSet)


register_snippet(AuthorViewSet)
register_snippet(ModelFactsGroup)
register_snippet(TagViewSet)
register_setting(SiteSettings, icon="cog")
