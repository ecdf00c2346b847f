"""CSV and JSON downloads of the model tables on an article, as sub-routes of the page.

The registry's serialisers (directory/exports.py) write the same ModelTable the page shows;
the routes and their names live here, so the block that links to a download and the page that
serves it agree. Wagtail page routes reject a dot in a sub-path, so the format is a path
segment: ``<article>/tables/<block id>/csv/`` and ``…/json/``.
"""

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from astermind_site.escaping import json_for_script
from directory.columns import COLUMNS
from directory.exports import table_csv, table_json
from directory.tables import ASCENDING, DESCENDING

from .block_tables import table_from_block

MAX_BLOCK_ID_LENGTH = 64
# Route names of the downloads, by format: reverse_subpage() takes these.
EXPORT_ROUTES = {"csv": "table_csv", "json": "table_json"}


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
        for fmt in EXPORT_ROUTES
    ]


def table_export_urls(context, block_id):
    """CSV and JSON download links for a table on a routable article, if it has a URL."""
    page = context.get("page")
    if not block_id or page is None or not hasattr(page, "reverse_subpage"):
        return None
    page_url = page.get_url(context.get("request"))
    if not page_url:
        return None
    base = page_url.rstrip("/") + "/"
    return {
        fmt: base + page.reverse_subpage(route, args=[block_id])
        for fmt, route in EXPORT_ROUTES.items()
    }


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

    @path("tables/<str:block_id>/csv/", name=EXPORT_ROUTES["csv"])
    def table_csv_view(self, request, block_id):
        block, table = self._table_for(request, block_id)
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self._filename(block, "csv")}"'
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("tables/<str:block_id>/json/", name=EXPORT_ROUTES["json"])
    def table_json_view(self, request, block_id):
        block, table = self._table_for(request, block_id)
        payload = json_for_script(table_json(table), ensure_ascii=False)
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self._filename(block, "json")}"'
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_cached_paths(self):
        return [*super().get_cached_paths(), *table_export_paths(self.body)]
