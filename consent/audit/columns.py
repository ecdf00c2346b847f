"""Listing columns for the audit screens (used by consent/wagtail_hooks.py)."""

from wagtail.admin.ui.tables import Column


class UTCTimeColumn(Column):
    """An absolute time in UTC ("2026-03-04 14:05:09 UTC"), the relative age only on hover:
    evidence is read against other logs, and "12 minutes ago" changes under the reader."""

    cell_template_name = "consent/admin/utc_cell.html"
