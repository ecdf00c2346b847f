"""Policy versions for auditors: every version with its dates and record counts, and a line
diff between any two (difflib). Registered in consent/wagtail_hooks.py."""

import difflib

from django.db.models import Count, Max, Min
from django.http import Http404

from ..digests import text_digest
from ..models import ConsentPolicyVersion
from .views import AuditorPage


def version_rows():
    """Newest first, each with how many records were made under it, the first and last."""
    versions = ConsentPolicyVersion.objects.annotate(
        record_count=Count("records"),
        first_record=Min("records__created_at"),
        last_record=Max("records__created_at"),
    ).order_by("-pk")
    return [(version, text_digest(version.text) == version.sha256) for version in versions]


def line_diff(old_text, new_text, old_name, new_name):
    """[(kind, line)] of a unified diff; kind is "add", "remove", "hunk", "file" or "same"."""
    kinds = {"+": "add", "-": "remove", "@": "hunk", " ": "same"}
    lines = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(), old_name, new_name, lineterm="", n=2
    )
    rows = []
    for line in lines:
        if line.startswith(("+++", "---")):
            rows.append(("file", line))
        else:
            rows.append((kinds.get(line[:1], "same"), line))
    return rows


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
        context.update(
            old=old,
            new=new,
            all_versions=ConsentPolicyVersion.objects.order_by("-pk").only("pk", "created_at"),
            diff=line_diff(old.text, new.text, f"version {old.pk}", f"version {new.pk}"),
        )
        return context
