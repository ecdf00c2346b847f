"""Read-only audit screens for consent records, registered in consent/wagtail_hooks.py.

filters.py   what an auditor can narrow the records by (the listing and the CSV share it)
views.py     the listing, evidence and history pages, the export and the report
export.py    the streaming CSV
report.py    acceptance per day and the chart's geometry
"""
