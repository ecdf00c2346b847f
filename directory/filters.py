"""The directory's filters: a GET form read into queryset filters.

Choices are checked against the registry before anything reaches a query, so a NUL byte, an
unknown developer or a word where a year belongs is a form error (shown to the reader with a
400), never a database error.
"""

from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from .columns import COLUMN_LIST
from .models import FoundationModel, Modality, Organisation
from .tables import ASCENDING, DESCENDING

MAX_BILLIONS = Decimal("100000")
EARLIEST_YEAR, LATEST_YEAR = 1950, 2100
ANY = pgettext_lazy("any value of a filter", "Any")
OPEN_WEIGHTS_CHOICES = [
    ("", ANY),
    ("yes", _("Open weights only")),
    ("no", _("Closed weights only")),
]
ORDER_CHOICES = [(ASCENDING, _("Ascending")), (DESCENDING, _("Descending"))]


def billions_field(label):
    """A parameter-count bound in billions, as the registry stores counts."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_BILLIONS,
        max_digits=12,
        decimal_places=3,
    )


class DirectoryFilterForm(forms.Form):
    developer = forms.ChoiceField(label=_("Developer"), required=False)
    modality = forms.ChoiceField(label=_("Modality"), required=False)
    open_weights = forms.ChoiceField(
        label=_("Open weights"), required=False, choices=OPEN_WEIGHTS_CHOICES
    )
    year = forms.IntegerField(
        label=_("Release year"), required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR
    )
    min_params = billions_field(_("At least (billion parameters)"))
    max_params = billions_field(_("At most (billion parameters)"))
    # Column labels are in the catalogue already (articles/columns.py marks them).
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(c.key, _(c.label)) for c in COLUMN_LIST]
    )
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_CHOICES)

    def __init__(self, data=None, *, developers=(), modalities=()):
        super().__init__(data)
        self.fields["developer"].choices = [("", ANY)] + [(o.slug, o.name) for o in developers]
        self.fields["modality"].choices = [("", ANY)] + [
            (m.slug, pgettext("modality", m.name)) for m in modalities
        ]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_params"), cleaned.get("max_params")
        if low is not None and high is not None and low > high:
            self.add_error("max_params", _("The upper bound must not be below the lower one."))
        return cleaned


def filter_form(query):
    """The form bound to a request's query, with the registry's current choices (2 queries)."""
    developers = Organisation.objects.filter(foundation_models__live=True).distinct()
    return DirectoryFilterForm(
        query, developers=list(developers.order_by("name")), modalities=list(Modality.objects.all())
    )


def valid_filters(form):
    """The values of the fields that passed: a bad field is reported, the good ones still apply."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}


def filtered_models(filters):
    """Published models matching the filters, with everything a table row shows."""
    models = FoundationModel.objects.published()
    if "developer" in filters:
        models = models.filter(developer__slug=filters["developer"])
    if "modality" in filters:
        models = models.filter(modalities__slug=filters["modality"])
    if "open_weights" in filters:
        models = models.filter(open_weights=filters["open_weights"] == "yes")
    if "year" in filters:
        models = models.filter(release_date__year=filters["year"])
    # A range compares the largest variant, as the table sorts by it; undisclosed counts drop out.
    if "min_params" in filters:
        models = models.filter(max_parameters_billions__gte=filters["min_params"])
    if "max_params" in filters:
        models = models.filter(max_parameters_billions__lte=filters["max_params"])
    if "min_params" in filters or "max_params" in filters:
        models = models.exclude(parameter_status="undisclosed")
    return models.distinct().order_by("name", "pk").for_tables()


def filter_query(query, form):
    """The query string of the form's own fields as given (no page number, nothing else):
    what page links and downloads carry over, so they keep the reader's filters and sort."""
    kept = QueryDict(mutable=True)
    for name in form.fields:
        values = [value for value in query.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def active_filters(form):
    """(label, shown value) for each filter in force, to say what the table holds."""
    shown = []
    for name, value in valid_filters(form).items():
        if name in ("sort", "order"):
            continue
        field = form.fields[name]
        text = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        shown.append((field.label or name.replace("_", " ").capitalize(), text))
    return shown
