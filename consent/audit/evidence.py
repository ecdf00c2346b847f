"""One record as evidence: what was decided, when, how, under which exact text, and the
visitor's whole history beside it, with that history to download as CSV or a signed receipt.
Registered in consent/wagtail_hooks.py; every view needs the auditor permission."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import View

from ..digests import text_digest
from ..languages import language_name
from ..models import ConsentRecord
from .export import csv_rows
from .receipt import history_or_404, receipt_json
from .views import AuditorPage, AuditorRequiredMixin, log_status


class ConsentEvidenceView(AuditorPage):
    template_name = "consent/admin/evidence.html"
    header_icon = "doc-full-inverse"

    def get_page_title(self):
        return f"Consent record {self.kwargs['pk']}"

    def get_page_subtitle(self):
        return "Evidence"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = get_object_or_404(
            ConsentRecord.objects.select_related("policy_version"), pk=self.kwargs["pk"]
        )
        version = record.policy_version
        context.update(
            record=record,
            decisions=sorted(record.decisions.items()),
            version=version,
            version_verified=text_digest(version.text) == version.sha256,
            language_name=language_name(record.language),
            version_language_name=language_name(version.language),
            log_status=log_status(),
        )
        if record.consent_id is None:  # pruned: nothing links it to a visitor any more
            context.update(history=[record], csv_url=None, receipt_url=None)
            return context
        context.update(
            history=history_or_404(record.consent_id),
            csv_url=reverse("consent_records:visitor_csv", args=[record.consent_id]),
            receipt_url=reverse("consent_records:visitor_receipt", args=[record.consent_id]),
        )
        return context


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class VisitorCSVView(AuditorRequiredMixin, View):
    def get(self, request, consent_id):
        history_or_404(consent_id)
        response = StreamingHttpResponse(
            csv_rows(ConsentRecord.objects.filter(consent_id=consent_id)),
            content_type="text/csv; charset=utf-8",
        )
        return _attachment(response, f"consent-history-{consent_id}.csv")


class VisitorReceiptView(AuditorRequiredMixin, View):
    def get(self, request, consent_id):
        records = history_or_404(consent_id)
        response = HttpResponse(receipt_json(consent_id, records), content_type="application/json")
        return _attachment(response, f"consent-receipt-{consent_id}.json")
