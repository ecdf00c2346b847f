"""The fact registry's admin screens: listings that show facts as the tables do, the edit view
with its confirm step (views.py) and a "Fact history" tab (panels.py), grouped under "Model
facts" in the menu. Registered in wagtail_hooks.py; the models are directory's.
"""

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from astermind_site.admin_exports import FormulaSafeSnippetIndexView
from directory.columns import COLUMNS
from directory.models import FoundationModel, Modality, Organisation

from .panels import FactHistoryPanel
from .views import FactEditView


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
