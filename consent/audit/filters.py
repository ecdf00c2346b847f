"""What auditors filter consent records by; the listing and the CSV export share it."""

import re
import uuid

import django_filters
from cookie_consent.models import CookieGroup
from django import forms
from django.db.models import BooleanField, F, Func
from django.db.models.fields.json import KeyTransform
from django_filters.fields import DateTimeRangeField, ModelChoiceField, ModelChoiceIterator
from django_filters.widgets import DateRangeWidget
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateTimeInput

from ..languages import language_names
from ..models import ConsentMethod, ConsentPolicyVersion, ConsentRecord

DECISIONS = [("accepted", "Accepted"), ("refused", "Refused")]
# Any member of the decisions object that is true / false (SQL/JSON paths, PostgreSQL).
ANY_ACCEPTED_PATH = "$.* ? (@ == true)"
ANY_REFUSED_PATH = "$.* ? (@ == false)"


def known_groups():
    """Optional groups in the registry plus any group named in a record's decisions is
    too costly to scan for; the registry's optional groups are what auditors filter by."""
    return list(
        CookieGroup.objects.filter(is_required=False)
        .order_by("ordering", "pk")
        .values_list("varname", "name")
    )


def filter_by_decision(queryset, group="", decision=""):
    """Records where `group` got `decision`; either may be blank (meaning "any").

    "Any group" is any group the record holds a decision for: the groups the visitor was
    asked about, which were the registry's optional groups at the time (choice.py), including
    any removed since. One condition rather than an OR over the registry's groups: the
    planner took that OR for rare and counted its matches with two parallel workers over the
    table (issue 19: 20-70 ms a page at a million records); this one it reads in order and
    stops at the count's cap (audit/paging.py), about 4,000 rows."""
    if not decision:
        if not group:
            return queryset
        return queryset.filter(decisions__has_key=group)
    accepted = decision == "accepted"
    if not group:
        return queryset.filter(AnyDecision(accepted))
    # A KeyTransform alias, not a `decisions__<group>` lookup, so any group name is safe.
    return queryset.alias(_decision=KeyTransform(group, "decisions")).filter(_decision=accepted)


class AnyDecision(Func):
    """The record holds some decision equal to `accepted`: on PostgreSQL a SQL/JSON path test
    of the jsonb, on SQLite a look through json_each."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, accepted):
        super().__init__(F("decisions"))
        self.accepted = bool(accepted)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        path = ANY_ACCEPTED_PATH if self.accepted else ANY_REFUSED_PATH
        return f"jsonb_path_exists({column}, '{path}')", params

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        kind = "true" if self.accepted else "false"
        return (
            f"EXISTS (SELECT 1 FROM json_each({column}) AS decision "
            f"WHERE decision.type = '{kind}')",
            params,
        )


class DateTimeRangeWidget(DateRangeWidget):
    """Two Wagtail date-time pickers sent as ``created_at_after`` / ``created_at_before``."""

    # django_filters is not an installed app here, so Django's own template, not its copy.
    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        widgets = (
            AdminDateTimeInput(attrs={"aria-label": "From (UTC)"}),
            AdminDateTimeInput(attrs={"aria-label": "Until (UTC)"}),
        )
        # Skip RangeWidget.__init__, which would build two plain text inputs instead.
        super(DateRangeWidget.__mro__[1], self).__init__(widgets, attrs)


class TimeRangeField(DateTimeRangeField):
    """One window, to the minute, in UTC; either end may be left open. A start after the
    end is a form error (shown with the filters, a 400 for the CSV), not an empty result."""

    def compress(self, data_list):
        value = super().compress(data_list)
        if value and value.start and value.stop and value.start > value.stop:
            raise forms.ValidationError("The start (From) is after the end (Until).")
        return value


class TimeRangeFilter(django_filters.DateTimeFromToRangeFilter):
    field_class = TimeRangeField


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's options read by one plain query. Django reads them through iterator(),
    which on PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round trips
    for a handful of rows, each a wait of its own on a busy database server."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


class ConsentRecordFilterSet(WagtailFilterSet):
    # One range for "the visitor chose at about 14:05 on the 3rd" (times in UTC): it replaces
    # a date range and separate From / Until fields that overlapped each other.
    created_at = TimeRangeFilter(label="Time (UTC)", widget=DateTimeRangeWidget)
    group = django_filters.ChoiceFilter(
        label="Cookie group", choices=known_groups, method="filter_nothing"
    )
    decision = django_filters.ChoiceFilter(
        label="Decision", choices=DECISIONS, method="filter_nothing"
    )
    method = django_filters.ChoiceFilter(label="Method", choices=ConsentMethod.choices)
    # The language of the text the visitor was shown (each language has its own versions).
    language = django_filters.ChoiceFilter(label="Language", choices=language_names)
    policy_version = ListedModelChoiceFilter(
        label="Policy version",
        # Not the texts: the options name a version by its number, language and digest.
        queryset=ConsentPolicyVersion.objects.order_by("-pk").defer("text"),
    )
    # Django's CharField refuses NUL characters, so a %00 is a form error, not a 500.
    path = django_filters.CharFilter(label="Path contains", lookup_expr="icontains", max_length=500)

    class Meta:
        model = ConsentRecord
        fields = [
            "created_at",
            "group",
            "decision",
            "method",
            "language",
            "policy_version",
            "path",
        ]

    def filter_nothing(self, queryset, name, value):
        return queryset  # group and decision are applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return filter_by_decision(queryset, data.get("group") or "", data.get("decision") or "")


def parse_consent_id(text):
    try:
        return uuid.UUID((text or "").strip())
    except ValueError:
        return None


MIN_PREFIX = 6
_HEX = re.compile(rf"[0-9a-f]{{{MIN_PREFIX},32}}")


def consent_id_prefix(text):
    """The canonical (dashed, lower-case) start of a consent id from what an auditor typed,
    or None when it is not 6–32 hex digits (dashes anywhere are ignored)."""
    digits = (text or "").strip().lower().replace("-", "")
    if not _HEX.fullmatch(digits):
        return None
    # Dashes where a UUID's text form has them, so the prefix matches on every database.
    return "-".join(
        part
        for part in (digits[:8], digits[8:12], digits[12:16], digits[16:20], digits[20:])
        if part
    )


def consent_id_range(prefix):
    """The first and last consent id starting with `prefix` (consent_id_prefix's form)."""
    digits = prefix.replace("-", "")
    return uuid.UUID(digits.ljust(32, "0")), uuid.UUID(digits.ljust(32, "f"))


def search_by_consent_id(queryset, text):
    """A whole consent id, or the first 6+ hex digits of one; anything else matches nothing.

    A prefix is searched as the range of ids it covers, which the (consent_id, created_at)
    index answers on every database; `startswith` casts each id to text and so read all of
    them (a whole-table scan at a million records)."""
    consent_id = parse_consent_id(text)
    if consent_id is not None:
        return queryset.filter(consent_id=consent_id)
    prefix = consent_id_prefix(text)
    if not prefix:
        return queryset.none()
    return queryset.filter(consent_id__range=consent_id_range(prefix))


def filtered_records(request, queryset=None):
    """The records an auditor's current filters and search select (used by the CSV export)."""
    queryset = ConsentRecord.objects.all() if queryset is None else queryset
    filters = ConsentRecordFilterSet(request.GET, queryset=queryset, request=request)
    if filters.is_valid():
        queryset = filters.qs
    else:
        queryset = queryset.none()
    query = request.GET.get("q", "")
    if query:
        queryset = search_by_consent_id(queryset, query)
    return queryset


def filter_errors(request):
    """Human-readable problems with the auditor's filters, or [] when they are valid."""
    filters = ConsentRecordFilterSet(
        request.GET, queryset=ConsentRecord.objects.none(), request=request
    )
    if filters.is_valid():
        return []
    labels = {name: str(field.label or name) for name, field in filters.form.fields.items()}
    return [
        f"{labels.get(name, name)}: {message}"
        for name, messages in filters.form.errors.items()
        for message in messages
    ]
