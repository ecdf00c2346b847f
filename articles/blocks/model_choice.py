"""The model table's two compact fields: which models (in order) and which columns.

Both store what the list blocks they replace stored, read either shape back, and never lose a
row silently: a model deleted from the registry is remembered by id until the next edit, so
the editor can be told which one went.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.models import ModelLogEntry

from directory.columns import COLUMN_LIST, ROW_HEADER_COLUMN, format_billions
from directory.facts import ParameterStatus
from directory.models import FoundationModel

from .widgets import ColumnCheckboxes, ModelPickerWidget

PICKABLE_COLUMNS = [(c.key, c.label) for c in COLUMN_LIST if c.key != ROW_HEADER_COLUMN]


def foundation_models():
    """The registry's model class (directory.models), which these blocks choose from."""
    return FoundationModel


def stored_items(value):
    """The items of a stored list, whether a plain list or a ListBlock's list of {value: …}."""
    items = []
    for item in value or []:
        items.append(item.get("value") if isinstance(item, dict) else item)
    return items


def largest_size(model):
    """The largest variant as a reader writes it, or a word when there is no number."""
    if model.parameter_status == ParameterStatus.UNDISCLOSED or not model.max_parameters_billions:
        return "size undisclosed"
    text = model.parameter_notation or format_billions(model.max_parameters_billions)
    return f"~{text}" if model.parameter_status == ParameterStatus.ESTIMATED else text


def model_options():
    """Every registry model, drafts included, with what the picker shows and searches."""
    return [
        {
            "id": model.pk,
            "name": model.name,
            "developer": model.developer.name,
            "size": largest_size(model),
            "year": model.release_date.year if model.release_date else "",
            "modalities": ", ".join(m.name for m in model.modalities.all()),
            "live": model.live,
        }
        for model in foundation_models().objects.for_tables().order_by("name", "pk")
    ]


def deleted_model_labels(ids):
    """Names of deleted models, from Wagtail's log of the deletion; the id when none is kept."""
    if not ids:
        return []
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(FoundationModel),
        object_id__in=[str(i) for i in ids],
        action="wagtail.delete",
    )
    labels = {entry.object_id: entry.label for entry in entries}
    return [labels.get(str(i)) or f"model #{i}" for i in ids]


class ChosenModels(list):
    """Registry models in the editor's order.

    ``missing_ids`` are chosen models no longer in the registry; ``invalid`` are submitted
    values that are not model ids at all. Neither is shown on a page.
    """

    def __init__(self, models=(), missing_ids=(), invalid=()):
        super().__init__(models)
        self.missing_ids = list(missing_ids)
        self.invalid = list(invalid)

    def __str__(self):
        return ", ".join(model.name for model in self)


def parse_ids(values):
    ids, invalid = [], []
    for value in values:
        if hasattr(value, "pk"):
            ids.append(value.pk)
            continue
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            invalid.append(str(value))
    return ids, invalid


def fetch_models(id_lists):
    """One query for every list: each list's models in its order, and the ids not found."""
    wanted = {i for ids, _ in id_lists for i in ids}
    found = foundation_models().objects.for_tables().in_bulk(wanted) if wanted else {}
    return [
        ChosenModels(
            [found[i] for i in ids if i in found],
            missing_ids=[i for i in ids if i not in found],
            invalid=invalid,
        )
        for ids, invalid in id_lists
    ]


class ModelIdsField(forms.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", ModelPickerWidget(options=model_options))
        kwargs.setdefault(
            "error_messages", {"required": "Choose at least one model for the table."}
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        ids, invalid = parse_ids(value)
        if invalid:
            raise ValidationError(
                f"“{invalid[0]}” is not a model from the registry; choose models from the list."
            )
        return ids


class FormFieldBlock(blocks.FieldBlock):
    """A FieldBlock whose form field is built on first use by ``make_field``: the column
    checkboxes and the model list are not needed until a form is drawn."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field_options = {"required": required, "help_text": help_text}
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        return self.make_field(**self.field_options)


class FoundationModelsBlock(FormFieldBlock):
    """The models a table compares, chosen and ordered in one compact control."""

    def make_field(self, **options):
        return ModelIdsField(**options)

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        return fetch_models([parse_ids(stored_items(value)) for value in values])

    def normalize(self, value):
        if isinstance(value, ChosenModels):
            return value
        return self.to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, ChosenModels):
            return [model.pk for model in value] + value.missing_ids
        return parse_ids(stored_items(value))[0]

    def value_for_form(self, value):
        value = self.normalize(value)
        return [str(model.pk) for model in value] + value.invalid

    def value_from_form(self, value):
        return self.to_python(value or [])

    def get_form_state(self, value):
        value = self.normalize(value)
        return {
            "chosen": [str(model.pk) for model in value],
            "deleted": deleted_model_labels(value.missing_ids),
        }

    def extract_references(self, value):
        model = foundation_models()
        for chosen in self.normalize(value):
            yield model, str(chosen.pk), "", ""

    def get_searchable_content(self, value):
        return []

    def get_api_representation(self, value, context=None):
        return [model.pk for model in self.normalize(value)]

    class Meta:
        icon = "snippet"
        default = ()


class TableColumnsBlock(FormFieldBlock):
    """The columns shown after the model's name, ticked from the registry in its own order."""

    def make_field(self, **options):
        return forms.MultipleChoiceField(
            choices=PICKABLE_COLUMNS,
            widget=ColumnCheckboxes(),
            error_messages={"required": "Tick at least one column to show beside the names."},
            **options,
        )

    def to_python(self, value):
        # The name always leads the table, so an older value that listed it drops it here.
        return [key for key in stored_items(value) if key != ROW_HEADER_COLUMN]

    def normalize(self, value):
        return self.to_python(value)

    def get_prep_value(self, value):
        return self.to_python(value)

    def value_from_form(self, value):
        return list(value or [])

    def value_for_form(self, value):
        return list(value or [])

    class Meta:
        icon = "table"
        default = ()


# Migrations name these blocks by the package path, wherever the module lives.
DECONSTRUCT_ALIASES = {
    FoundationModelsBlock: "articles.blocks.FoundationModelsBlock",
    TableColumnsBlock: "articles.blocks.TableColumnsBlock",
}
