"""Read-only audit screens for consent records: filters, per-visitor history, streaming CSV
export and the acceptance report. Registered in wagtail_hooks.py; every view here needs the
``consent.view_consentrecord`` permission (the *Consent auditors* group)."""

import csv
import uuid
from datetime import timedelta

import django_filters
from cookie_consent.models import CookieGroup
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from astermind_site.escaping import neutralise_formula

from .models import ConsentMethod, ConsentPolicyVersion, ConsentRecord

VIEW_PERMISSION = "consent.view_consentrecord"
DECISIONS = [("accepted", "Accepted"), ("refused", "Refused")]
CSV_CHUNK = 2000


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing is the only thing anyone, superusers included, may do to the audit trail."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


def known_groups():
    """Optional groups in the registry plus any group named in a record's decisions is
    too costly to scan for; the registry's optional groups are what auditors filter by."""
    return list(
        CookieGroup.objects.filter(is_required=False)
        .order_by("ordering", "pk")
        .values_list("varname", "name")
    )


def filter_by_decision(queryset, group="", decision=""):
    """Records where `group` got `decision`; either may be blank (meaning "any")."""
    groups = [group] if group else [varname for varname, _name in known_groups()]
    if not decision:
        if not group:
            return queryset
        return queryset.filter(decisions__has_key=group)
    accepted = decision == "accepted"
    # KeyTransform aliases, not `decisions__<group>` lookups, so any group name is safe.
    queryset = queryset.alias(
        **{f"_decision{i}": KeyTransform(name, "decisions") for i, name in enumerate(groups)}
    )
    condition = Q()
    for i in range(len(groups)):
        condition |= Q(**{f"_decision{i}": accepted})
    return queryset.filter(condition) if groups else queryset.none()


class ConsentRecordFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    group = django_filters.ChoiceFilter(
        label="Cookie group", choices=known_groups, method="filter_nothing"
    )
    decision = django_filters.ChoiceFilter(
        label="Decision", choices=DECISIONS, method="filter_nothing"
    )
    method = django_filters.ChoiceFilter(label="Method", choices=ConsentMethod.choices)
    policy_version = django_filters.ModelChoiceFilter(
        label="Policy version", queryset=ConsentPolicyVersion.objects.order_by("-pk")
    )

    class Meta:
        model = ConsentRecord
        fields = ["created_at", "group", "decision", "method", "policy_version"]

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
        consent_id = parse_consent_id(query)
        queryset = queryset.filter(consent_id=consent_id) if consent_id else queryset.none()
    return queryset


class ConsentRecordIndexView(IndexView):
    def search_queryset(self, queryset):
        """Search means "find this consent id"; a partial id matches nothing."""
        if not self.is_searching:
            return queryset
        consent_id = parse_consent_id(self.search_query)
        return queryset.filter(consent_id=consent_id) if consent_id else queryset.none()

    @property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        export = reverse("consent_records:export") + (f"?{query}" if query else "")
        return [
            HeaderButton("Export CSV", url=export, icon_name="download"),
            HeaderButton(
                "Acceptance report", url=reverse("consent_records:report"), icon_name="table"
            ),
        ]


class ConsentRecordInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse(
            "consent_records:consent_history", args=[self.object.consent_id]
        )
        return context


class AuditorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConsentHistoryView(AuditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every record for one consent id, oldest first, with the exact text each was made under."""

    template_name = "consent/admin/history.html"
    header_icon = "history"

    def get_page_title(self):
        return "Consent history"

    def get_page_subtitle(self):
        return str(self.kwargs["consent_id"])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("consent_records:index"), "label": "Consent records"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(
            ConsentRecord.objects.filter(consent_id=self.kwargs["consent_id"])
            .select_related("policy_version")
            .order_by("created_at", "pk")
        )
        if not records:
            raise Http404("No records for this consent id.")
        versions = {record.policy_version_id: record.policy_version for record in records}
        context.update(
            records=records,
            versions=sorted(versions.values(), key=lambda version: version.pk),
            consent_id=self.kwargs["consent_id"],
        )
        return context


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = [
    "created_at",
    "consent_id",
    "method",
    "decisions",
    "policy_version",
    "policy_sha256",
    "path",
    "user_agent",
    "ip_hash",
]


def csv_rows(queryset):
    """Header then one row per record. `.iterator()` streams from the database in chunks
    (a server-side cursor on PostgreSQL), so memory stays flat however many rows there are."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    rows = queryset.order_by("created_at", "pk").values_list(
        "created_at",
        "consent_id",
        "method",
        "decisions",
        "policy_version_id",
        "policy_version__sha256",
        "path",
        "user_agent",
        "ip_hash",
    )
    for created_at, consent_id, method, decisions, version, sha, path, agent, ip in rows.iterator(
        chunk_size=CSV_CHUNK
    ):
        choices = ";".join(
            f"{group}={'accepted' if ok else 'refused'}" for group, ok in sorted(decisions.items())
        )
        yield writer.writerow(
            [
                created_at.isoformat(),
                consent_id,
                method,
                choices,
                version,
                sha,
                neutralise_formula(path),
                neutralise_formula(agent),
                ip,
            ]
        )


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


class ConsentExportView(AuditorRequiredMixin, View):
    def get(self, request):
        if errors := filter_errors(request):
            # An empty file would read as "no records match"; say what is wrong instead.
            body = "The export filters are not valid, so nothing was exported.\n" + "\n".join(
                errors
            )
            response = HttpResponseBadRequest(body, content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response = StreamingHttpResponse(
            csv_rows(filtered_records(request)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="consent-records-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response


def acceptance_by_day(queryset, groups):
    """[(day, {group: (accepted, total)})] for each day with records, oldest first.
    A record counts towards a group's total only if it holds a decision for that group."""
    aggregates = {}
    for i, varname in enumerate(groups):
        queryset = queryset.alias(**{f"_key{i}": KeyTransform(varname, "decisions")})
        aggregates[f"yes{i}"] = Count("pk", filter=Q(**{f"_key{i}": True}))
        aggregates[f"all{i}"] = Count("pk", filter=Q(decisions__has_key=varname))
    rows = (
        queryset.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(**aggregates)
        .order_by("day")
    )
    return [
        (row["day"], {g: (row[f"yes{i}"], row[f"all{i}"]) for i, g in enumerate(groups)})
        for row in rows
    ]


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 240, 36
CHART_COLOURS = ["#0b6e4f", "#8a3ffc", "#b4530f", "#1f5fa8", "#a3195b"]


def chart_series(days, groups):
    """Polyline points (SVG user units) per group; y is the acceptance rate 0–100 %."""
    if not days:
        return []
    span = max(1, len(days) - 1)
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    inner_h = CHART_HEIGHT - 2 * CHART_PAD
    series = []
    for index, (varname, name) in enumerate(groups):
        points = []
        for position, (_day, counts) in enumerate(days):
            accepted, total = counts[varname]
            if not total:
                continue
            x = CHART_PAD + inner_w * (position / span if len(days) > 1 else 0.5)
            y = CHART_PAD + inner_h * (1 - accepted / total)
            points.append(f"{x:.1f},{y:.1f}")
        series.append(
            {
                "varname": varname,
                "name": name,
                "colour": CHART_COLOURS[index % len(CHART_COLOURS)],
                "points": " ".join(points),
            }
        )
    return series


class AcceptanceReportView(AuditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consent/admin/report.html"
    header_icon = "table"
    page_title = "Consent acceptance report"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("consent_records:index"), "label": "Consent records"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days_back = min(max(int(self.request.GET.get("days", "30")), 1), 400)
        except ValueError:
            days_back = 30
        since = timezone.now() - timedelta(days=days_back)
        groups = known_groups()
        days = acceptance_by_day(
            ConsentRecord.objects.filter(created_at__gte=since), [g for g, _ in groups]
        )
        table = [
            (
                day,
                [
                    (accepted, total, round(100 * accepted / total) if total else None)
                    for accepted, total in (counts[g] for g, _ in groups)
                ],
            )
            for day, counts in days
        ]
        context.update(
            days_back=days_back,
            groups=groups,
            table=table,
            series=chart_series(days, groups),
            width=CHART_WIDTH,
            height=CHART_HEIGHT,
            pad=CHART_PAD,
            first_day=days[0][0] if days else None,
            last_day=days[-1][0] if days else None,
            gridlines=[
                (pct, CHART_PAD + (CHART_HEIGHT - 2 * CHART_PAD) * (1 - pct / 100))
                for pct in (0, 25, 50, 75, 100)
            ],
        )
        return context
