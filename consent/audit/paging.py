"""Counting for the auditors' record list without counting a million rows on every page.

Wagtail's paginator asks for COUNT(*) of the whole selection on each page, which at a million
records costs more than the page itself. The unfiltered list's count is the log's size, kept
exactly in its head (records are never deleted); a filtered list counts its first
COUNT_CAP + 1 matches and, past that, says "more than COUNT_CAP" (templates/consent/admin/
records_results.html) and pages through those: a search that wide is narrowed, or exported as
CSV, which has no cap. Used by audit/views.py's ConsentRecordIndexView."""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from ..models import ConsentChainHead
from ..models.chain import HEAD_PK

COUNT_CAP = 10_000


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
