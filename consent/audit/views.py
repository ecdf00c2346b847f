"""The audit screens. Every view here needs the ``consent.view_consentrecord`` permission
(the *Consent auditors* group); nobody, superusers included, may change a record."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from ..conf import settings
from ..languages import language_names
from ..log_checks import recent_checks
from ..log_status import screen_status
from ..models import ConsentPolicyVersion
from ..tasks import queue_check
from . import report, report_tables
from .columns import RecordTable
from .export import csv_rows
from .filters import filter_errors, filtered_records, known_groups, search_by_consent_id
from .paging import ConsentRecordPaginator, newest_match_bound
from .receipt import history_or_404

VIEW_PERMISSION = "consent.view_consentrecord"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing is the only thing anyone, superusers included, may do to the audit trail."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


class ConsentRecordIndexView(IndexView):
    template_name = "consent/admin/records_index.html"
    results_template_name = "consent/admin/records_results.html"
    paginator_class = ConsentRecordPaginator  # no COUNT(*) of a million rows per page
    table_class = RecordTable  # rows joined in Python, not 350 cell templates

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.filters is not None and self.filters.is_valid():
            queryset = newest_match_bound(queryset, self.filters.form.cleaned_data)
        return queryset

    def search_queryset(self, queryset):
        """Search means "find this consent id": a whole id or its first 6+ hex digits."""
        if not self.is_searching:
            return queryset
        return search_by_consent_id(queryset, self.search_query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        # The unfiltered list was counted from the log's head: one read of it, not two.
        size = paginator.count if paginator is not None and not paginator.filtered else None
        context["log_status"] = log_status(head_size=size)
        return context

    @property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        export = reverse("consent_records:export") + (f"?{query}" if query else "")
        return [
            HeaderButton("Export CSV", url=export, icon_name="download"),
            HeaderButton(
                "Acceptance report", url=reverse("consent_records:report"), icon_name="table"
            ),
            HeaderButton(
                "Policy versions", url=reverse("consent_records:versions"), icon_name="doc-full"
            ),
            HeaderButton(
                "Check a receipt",
                url=reverse("consent_records:verify_receipt"),
                icon_name="success",
            ),
        ]


def log_status(head_size=None):
    """The newest checkpoint and the worker's newest check of it (consent.log_status)."""
    return screen_status(head_size=head_size)


class ConsentRecordInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consent_id = self.object.consent_id  # None once retention blanked it
        context["history_url"] = (
            reverse("consent_records:consent_history", args=[consent_id]) if consent_id else None
        )
        return context


class AuditorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditorPage(AuditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """An auditor's admin page, one step below *Consent records* in the breadcrumbs."""

    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("consent_records:index"), "label": "Consent records"},
            {"url": "", "label": self.get_page_title()},
        ]


class ConsentHistoryView(AuditorPage):
    """Every record for one consent id, oldest first, with the exact text each was made under."""

    template_name = "consent/admin/history.html"
    header_icon = "history"

    def get_page_title(self):
        return "Consent history"

    def get_page_subtitle(self):
        return str(self.kwargs["consent_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = history_or_404(self.kwargs["consent_id"])
        versions = {record.policy_version_id: record.policy_version for record in records}
        context.update(
            records=records,
            versions=sorted(versions.values(), key=lambda version: version.pk),
            consent_id=self.kwargs["consent_id"],
        )
        return context


class LogStatusView(AuditorPage):
    """The log's status at length: the newest checkpoint, the worker's newest check of it and
    the checks before it; an auditor may queue a fresh check."""

    template_name = "consent/admin/log_status_page.html"
    header_icon = "lock"
    page_title = "Consent log status"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            log_status=log_status(),
            log_status_page=True,
            checks=recent_checks(),
            interval_minutes=round(settings.CONSENT_LOG_CHECK_INTERVAL / 60),
        )
        return context

    def post(self, request):
        if queue_check() is None:
            messages.error(request, "The check could not be queued; see the server's log.")
        else:
            messages.success(request, "A check is queued; the worker will run it shortly.")
        return redirect("consent_records:log_status")


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


class AcceptanceReportView(AuditorPage):
    template_name = "consent/admin/report.html"
    header_icon = "table"
    page_title = "Consent acceptance report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days_back = report.days_back(self.request.GET.get("days"))
        groups = known_groups()
        today = timezone.now().date()
        first = today - timedelta(days=days_back - 1)
        languages = language_names()
        language = report.report_language(self.request.GET.get("language"), languages)
        tallies = report.TALLY.rows(first)
        # The split by language covers every language; the rest follows ?language= if given.
        by_language = report.acceptance_by_language(tallies, groups, languages)
        if language:
            tallies = tallies.filter(language=language)
        days = report.acceptance_by_day(tallies, [g for g, _ in groups])
        by_method = report.counts_by_method(tallies, first, today)
        version_days = {
            created.date()
            for created in ConsentPolicyVersion.objects.filter(
                created_at__date__gte=first
            ).values_list("created_at", flat=True)
        }
        context.update(
            log_status=log_status(),
            days_back=days_back,
            groups=groups,
            first_day=first,
            last_day=today,
            has_records=any(sum(counts.values()) for _day, counts in by_method),
            chart=report.stacked_bars(by_method, version_days),
            method_table=report_tables.method_table(
                [report.METHOD_LABELS[m] for m in report.METHOD_ORDER],
                report.method_rows(by_method),
            ),
            acceptance_table=report_tables.acceptance_table(
                groups, report.table_rows(days, groups)
            ),
            languages=languages,
            language=language,
            language_table=report_tables.language_table(groups, by_language, days_back),
        )
        return context
