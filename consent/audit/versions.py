"""Policy versions for auditors: every version with its dates and record counts, each one's
full text on its own page, and a word diff between any two (audit/worddiff.py). Registered
in consent/wagtail_hooks.py; every view needs the auditor permission (AuditorPage)."""

from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..digests import text_digest
from ..models import ConsentPolicyVersion
from .views import AuditorPage
from .worddiff import change_count, for_display, word_diff


def version_rows():
    """Newest first, each with how many records were made under it, the first and last."""
    versions = ConsentPolicyVersion.objects.annotate(
        record_count=Count("records"),
        first_record=Min("records__created_at"),
        last_record=Max("records__created_at"),
    ).order_by("-pk")
    return [(version, text_digest(version.text) == version.sha256) for version in versions]


def _version_id(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


class PolicyVersionListView(AuditorPage):
    template_name = "consent/admin/versions.html"
    page_title = "Policy versions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = version_rows()
        return context


class PolicyVersionDiffView(AuditorPage):
    template_name = "consent/admin/version_diff.html"
    page_title = "Compare policy versions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = [_version_id(self.request.GET.get(key)) for key in ("a", "b")]
        versions = ConsentPolicyVersion.objects.in_bulk([i for i in ids if i is not None])
        if None in ids or any(i not in versions for i in ids):
            raise Http404("Choose two existing policy versions to compare.")
        old, new = (versions[i] for i in ids)
        diff = word_diff(old.text, new.text)
        context.update(
            old=old,
            new=new,
            all_versions=ConsentPolicyVersion.objects.order_by("-pk").only("pk", "created_at"),
            diff=for_display(diff),
            changes=change_count(diff),
        )
        return context


class PolicyVersionDetailView(AuditorPage):
    """One version's whole text, exactly as stored, with its digest checked."""

    template_name = "consent/admin/version_detail.html"

    def get_page_title(self):
        return f"Policy version {self.kwargs['pk']}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = get_object_or_404(
            ConsentPolicyVersion.objects.annotate(record_count=Count("records")),
            pk=self.kwargs["pk"],
        )
        newer = ConsentPolicyVersion.objects.filter(supersedes=version).only("pk").first()
        context.update(
            version=version,
            verified=text_digest(version.text) == version.sha256,
            newer=newer,
        )
        return context
