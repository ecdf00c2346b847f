"""Paging the auditors' record list without counting or sorting a million rows per page.

Wagtail's paginator asks for COUNT(*) of the whole selection on each page, which at a million
records costs more than the page itself. The unfiltered list's count is the log's size, kept
exactly in its head (records are never deleted); a filtered list counts its first
COUNT_CAP + 1 matches and, past that, says "more than COUNT_CAP" (templates/consent/admin/
records_results.html) and pages through those: a search that wide is narrowed, or exported as
CSV, which has no cap. With the filters' indexes (models/records.py) that count reads an index
only, except for a decision, which has no index and reads up to about 2 × COUNT_CAP rows.

`newest_match_bound` helps the planner with the list's order: it reads the newest record
under each indexed filter from that filter's index and lets the list start there, instead of
walking the time index from today past every newer record that does not match (666,000 of
them for the oldest policy version). Used by audit/views.py's ConsentRecordIndexView."""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from ..models import ConsentChainHead, ConsentRecord
from ..models.chain import HEAD_PK

COUNT_CAP = 2_000
# The filters whose (field, created_at, id) index answers "the newest match" in one probe.
INDEXED_FILTERS = ("method", "language", "policy_version")


def newest_match_bound(queryset, cleaned_data):
    """`queryset` limited to records no newer than the newest match of each indexed filter
    in use; none at all when one of them matches nothing. The result is unchanged: every
    match is at least that old."""
    version, language = cleaned_data.get("policy_version"), cleaned_data.get("language")
    if version and language and version.language != language:
        return queryset.none()  # a record's language is its policy version's
    for name in INDEXED_FILTERS:
        value = cleaned_data.get(name)
        if value in (None, ""):
            continue
        newest = (
            ConsentRecord.objects.filter(**{name: value})
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if newest is None:
            return queryset.none()
        queryset = queryset.filter(created_at__lte=newest)
    return queryset


class ConsentRecordPaginator(WagtailPaginator):
    cap = COUNT_CAP

    @cached_property
    def filtered(self):
        return bool(self.object_list.query.where)

    @cached_property
    def count(self):
        if not self.filtered:
            head = ConsentChainHead.objects.filter(pk=HEAD_PK).values_list("size", flat=True)
            return head.first() or 0
        return min(self.object_list.order_by()[: self.cap + 1].count(), self.cap + 1)

    @cached_property
    def capped(self):
        return self.filtered and self.count > self.cap

    @cached_property
    def num_pages(self):
        if self.capped:
            return -(-self.cap // self.per_page)  # the pages the first `cap` rows fill
        return super().num_pages

    @cached_property
    def items_count_label(self):
        if self.capped:
            return f"More than {self.cap:,} {self.verbose_name_plural}"
        return super().items_count_label
