"""CSV and JSON downloads of the model tables on an article, as sub-routes of the page.

Wagtail page routes reject a dot in a sub-path, so the format is a path segment:
``<article>/tables/<block id>/csv/`` and ``…/json/``.
"""

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from astermind_site.escaping import json_for_script

from .columns import ASCENDING, COLUMNS, DESCENDING, table_csv, table_from_block, table_json

MAX_BLOCK_ID_LENGTH = 64


def find_table_block(body, block_id):
    """The model-table block with this id in a StreamField value, or None."""
    if not block_id or len(block_id) > MAX_BLOCK_ID_LENGTH:
        return None
    for block in body:
        if block.block_type == "model_table" and block.id == block_id:
            return block
    return None


def requested_sort(request):
    """(column key, direction) from ?sort=&order=; anything unrecognised means the default."""
    key = request.GET.get("sort", "")
    direction = request.GET.get("order", "")
    if key not in COLUMNS:
        return None, None
    return key, (direction if direction in (ASCENDING, DESCENDING) else ASCENDING)


def table_export_paths(body):
    """Sub-paths of every model table's downloads, for purging from a frontend cache."""
    return [
        f"/tables/{block.id}/{fmt}/"
        for block in body
        if block.block_type == "model_table" and block.id
        for fmt in ("csv", "json")
    ]


class TableExportsMixin(RoutablePageMixin):
    """Adds table downloads to a page whose ``body`` StreamField holds model tables."""

    def _table_for(self, request, block_id):
        block = find_table_block(self.body, block_id)
        if block is None:
            raise Http404("No such table on this page")
        key, direction = requested_sort(request)
        # A sort on a column the table does not show is ignored rather than refused.
        if key is not None and key not in (block.value.get("columns") or []) and key != "name":
            key, direction = None, None
        return block, table_from_block(block.value, sort_key=key, sort_direction=direction)

    def _filename(self, block, extension):
        stem = slugify(block.value.get("caption") or "") or f"table-{block.id[:8]}"
        return f"{self.slug}-{stem}.{extension}"

    @path("tables/<str:block_id>/csv/", name="table_csv")
    def table_csv_view(self, request, block_id):
        block, table = self._table_for(request, block_id)
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self._filename(block, "csv")}"'
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("tables/<str:block_id>/json/", name="table_json")
    def table_json_view(self, request, block_id):
        block, table = self._table_for(request, block_id)
        payload = json_for_script(table_json(table), ensure_ascii=False)
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self._filename(block, "json")}"'
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_cached_paths(self):
        return [*super().get_cached_paths(), *table_export_paths(self.body)]
