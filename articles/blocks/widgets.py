"""Compact editing widgets for the table blocks, with their telepath adapters.

Each widget renders plain HTML that works as a form control on its own (a multi-select, a set
of checkboxes, a hidden JSON field); the scripts in static/articles_admin/ turn it into the
compact control editors see. The adapters tell Wagtail's StreamField which JavaScript class
renders each widget.
"""

import json

from django import forms
from django.forms.renderers import TemplatesSetting
from wagtail.admin.telepath import register
from wagtail.admin.telepath.widgets import WidgetAdapter

ADMIN_MEDIA = forms.Media(
    css={"all": ["articles_admin/table-blocks.css"]},
    js=[
        "articles_admin/widget-kit.js",
        "articles_admin/model-picker.js",
        "articles_admin/concept-grid.js",
    ],
)

# The widget templates live in the project's templates folder, which Django's default form
# renderer does not search.
PROJECT_TEMPLATES = TemplatesSetting()


class ProjectTemplateMixin:
    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer or PROJECT_TEMPLATES)


class ModelPickerWidget(ProjectTemplateMixin, forms.SelectMultiple):
    """Every registry model as an option, with what tells two versions apart.

    ``options`` is a callable returning dicts (id, name, developer, size, year, modalities,
    live), read each time the widget renders so new models appear without a restart.
    """

    template_name = "articles/admin/blocks/model_picker.html"

    def __init__(self, options=None, attrs=None):
        super().__init__(attrs=attrs)
        self.options = options or list

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        context["models"] = [
            {**option, "selected": str(option["id"]) in chosen} for option in self.options()
        ]
        return context

    @property
    def media(self):
        return ADMIN_MEDIA


class ColumnCheckboxes(forms.CheckboxSelectMultiple):
    """The registry's columns as one row of checkboxes, in the registry's order."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "table-columns-choice", **(attrs or {})}, choices=choices)

    @property
    def media(self):
        return ADMIN_MEDIA


class ConceptGridWidget(ProjectTemplateMixin, forms.HiddenInput):
    """A concept table's headings and cells as one JSON value, edited as a grid in the browser."""

    template_name = "articles/admin/blocks/concept_grid.html"

    def format_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value)

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        try:
            value = json.loads(raw) if raw else None
        except (TypeError, ValueError):
            value = None
        return value if isinstance(value, dict) else {"columns": [], "rows": []}

    @property
    def media(self):
        return ADMIN_MEDIA


class ModelPickerAdapter(WidgetAdapter):
    js_constructor = "articles.widgets.ModelPicker"


class ConceptGridAdapter(WidgetAdapter):
    js_constructor = "articles.widgets.ConceptGrid"


register(ModelPickerAdapter(), ModelPickerWidget)
register(ConceptGridAdapter(), ConceptGridWidget)
