"""The one column registry for model-comparison tables.

Each column knows how to show a model's fact to a reader (display), how to hand it to a
program (machine value) and where it sorts (sort value). The HTML table (tables.py), its CSV
and JSON downloads (exports.py) and the JSON API (api.py) all read from here, so they can
never disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import dateformat

from .facts import Fact, ParameterStatus

UNDISCLOSED = "Undisclosed"
NOT_STATED = "—"


def plain_number(value):
    """A Decimal as the plainest JSON number: 405 rather than 405.000, 1.8 rather than 1.800."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def format_billions(billions):
    """A count in billions as readers write it: 350M, 8B, 405B, 1.8T."""
    billions = Decimal(billions)
    if billions >= 1000:
        amount, suffix = billions / 1000, "T"
    elif billions >= 1:
        amount, suffix = billions, "B"
    else:
        amount, suffix = billions * 1000, "M"
    text = f"{amount.quantize(Decimal('0.01')).normalize():f}"
    return f"{text}{suffix}"


def format_date(value):
    return dateformat.format(value, "j F Y") if value else NOT_STATED


def _is_undisclosed(model):
    return model.parameter_status == ParameterStatus.UNDISCLOSED


def parameters_display(model):
    if _is_undisclosed(model) or model.max_parameters_billions is None:
        return UNDISCLOSED
    largest = model.parameter_notation or format_billions(model.max_parameters_billions)
    smallest = model.min_parameters_billions
    if smallest is not None and smallest < model.max_parameters_billions:
        text = f"{format_billions(smallest)}–{largest}"
    else:
        text = largest
    if model.parameter_status == ParameterStatus.ESTIMATED:
        return f"~{text} (estimated)"
    return text


def parameters_machine(model):
    undisclosed = _is_undisclosed(model) or model.max_parameters_billions is None
    largest = None if undisclosed else plain_number(model.max_parameters_billions)
    smallest = None if undisclosed else plain_number(model.min_parameters_billions)
    return {
        "status": ParameterStatus.UNDISCLOSED.value if undisclosed else model.parameter_status,
        "smallest_billions": largest if smallest is None else smallest,
        "largest_billions": largest,
        "notation": (model.parameter_notation or None) if not undisclosed else None,
    }


def parameters_sort(model):
    # Ranges sort by their largest variant; undisclosed counts have no place in the order.
    if _is_undisclosed(model) or model.max_parameters_billions is None:
        return None
    return plain_number(model.max_parameters_billions)


def active_display(model):
    if _is_undisclosed(model):
        return UNDISCLOSED
    if model.active_parameters_billions is None:
        return NOT_STATED
    text = format_billions(model.active_parameters_billions)
    return f"~{text}" if model.parameter_status == ParameterStatus.ESTIMATED else text


def active_machine(model):
    if _is_undisclosed(model):
        return None
    return plain_number(model.active_parameters_billions)


def modality_list(model):
    return list(model.modalities.all())


def modalities_display(model):
    names = [m.name for m in modality_list(model)]
    if not names:
        return NOT_STATED
    text = ", ".join(names)
    return text[:1].upper() + text[1:]


def _date_sort(value):
    return value.year * 10000 + value.month * 100 + value.day if value else None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str  # text, list, number, date or boolean: how programs should read the value
    display: Callable[[Any], str]
    machine: Callable[[Any], Any]
    sort: Callable[[Any], Any]
    unit: str = ""
    facts: tuple = ()  # which sourced facts this column's cells footnote

    @property
    def sort_type(self):
        """How a browser compares sort values: as numbers, or as text."""
        return "text" if self.type == "text" else "number"


def date_column(field, label, facts=()):
    """A date field of the model, keyed by the field's own name."""

    def value(model):
        return getattr(model, field)

    return Column(
        field,
        label,
        "date",
        display=lambda m: format_date(value(m)),
        machine=lambda m: value(m).isoformat() if value(m) else None,
        sort=lambda m: _date_sort(value(m)),
        facts=facts,
    )


def parameter_count_column(key, label, display, machine, sort):
    """A count in billions of parameters, footnoted by the parameter-count sources."""
    return Column(
        key,
        label,
        "number",
        display=display,
        machine=machine,
        sort=sort,
        unit="billion parameters",
        facts=(Fact.PARAMETERS,),
    )


COLUMN_LIST = [
    Column(
        "name",
        "Model",
        "text",
        display=lambda m: m.name,
        machine=lambda m: m.name,
        sort=lambda m: m.name.casefold(),
        facts=(Fact.GENERAL,),
    ),
    Column(
        "developer",
        "Developer",
        "text",
        display=lambda m: m.developer.name,
        machine=lambda m: {"name": m.developer.name, "slug": m.developer.slug},
        sort=lambda m: m.developer.name.casefold(),
        facts=(Fact.DEVELOPER,),
    ),
    Column(
        "modalities",
        "Modalities",
        "list",
        display=modalities_display,
        machine=lambda m: [x.slug for x in modality_list(m)],
        # More modalities sort higher: "most multimodal first" when descending.
        sort=lambda m: len(modality_list(m)) or None,
        facts=(Fact.MODALITIES,),
    ),
    parameter_count_column(
        "parameters", "Parameters", parameters_display, parameters_machine, parameters_sort
    ),
    parameter_count_column(
        "active_parameters", "Active parameters", active_display, active_machine, active_machine
    ),
    date_column("release_date", "Released", facts=(Fact.RELEASE_DATE,)),
    Column(
        "open_weights",
        "Open weights",
        "boolean",
        display=lambda m: "Yes" if m.open_weights else "No",
        machine=lambda m: bool(m.open_weights),
        sort=lambda m: int(bool(m.open_weights)),
        facts=(Fact.OPEN_WEIGHTS,),
    ),
    Column(
        "licence",
        "Licence",
        "text",
        display=lambda m: m.licence or NOT_STATED,
        machine=lambda m: m.licence or None,
        sort=lambda m: m.licence.casefold() if m.licence else None,
        facts=(Fact.LICENCE,),
    ),
    date_column("as_of", "Facts checked"),
]
COLUMNS = {column.key: column for column in COLUMN_LIST}
COLUMN_CHOICES = [(column.key, column.label) for column in COLUMN_LIST]
DEFAULT_COLUMNS = ["name", "developer", "modalities", "parameters"]
ROW_HEADER_COLUMN = "name"


def resolve_columns(keys):
    """Known columns in the chosen order, once each, always led by the model's name."""
    chosen = [k for k in dict.fromkeys(keys or []) if k in COLUMNS] or list(DEFAULT_COLUMNS)
    if ROW_HEADER_COLUMN in chosen:
        chosen.remove(ROW_HEADER_COLUMN)
    return [COLUMNS[ROW_HEADER_COLUMN], *(COLUMNS[k] for k in chosen)]


def machine_record(model):
    """Every column's machine value for one model: what the JSON API serves."""
    return {column.key: column.machine(model) for column in COLUMN_LIST}


def source_record(source):
    """One source of a model's fact as data: what the JSON API and both JSON downloads serve."""
    return {
        "fact": source.fact,
        "title": source.title,
        "url": source.url,
        "accessed": source.accessed.isoformat() if source.accessed else None,
    }
