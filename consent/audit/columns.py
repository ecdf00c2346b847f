"""The record list's table and columns (the columns are named in consent/wagtail_hooks.py,
the table in audit/views.py).

Wagtail renders each cell through a template of its own and each row through a template loop:
350 template renders for a page of 50 records in 7 columns, the largest share of the list's
time once its queries were cheap. These write the same markup (Wagtail's header cells, a
`<td>` with the column's class, the title cell's wrapper and link) as plain strings, every
value escaped with the standard library's html.escape (what Django's escape does, without
its per-call lazy-string checks), and the body is marked safe once."""

import html
from datetime import UTC

from django.forms.utils import flatatt
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import Column, Table

# The largest unit first: "3 days ago" on hover is enough beside the exact time.
AGE_UNITS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def age(now, when):
    """How long before `now` `when` was, in its largest whole unit ("3 days")."""
    seconds = max((now - when).total_seconds(), 0)
    for size, unit in AGE_UNITS:
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "0 minutes"


class FastColumn(Column):
    """A column whose cell is one string built in Python: `cell(instance, now)` returns
    escaped HTML (a plain str; the table marks the whole body safe once)."""

    def td(self, content, extra_class=""):
        classes = " ".join(c for c in (self.classname, extra_class) if c)
        attrs = f' class="{html.escape(classes)}"' if classes else ""
        return f"<td{attrs}>{content}</td>"

    def value(self, instance):
        if callable(self.accessor):
            return self.accessor(instance)
        value = getattr(instance, self.accessor)
        return value() if callable(value) else value  # get_method_display and friends

    def cell(self, instance, now):
        value = self.value(instance)
        return self.td("" if value is None else html.escape(str(value)))

    def render_cell_html(self, instance, parent_context):
        return mark_safe(self.cell(instance, timezone.now()))  # noqa: S308 - escaped in cell()


class TextColumn(FastColumn):
    """A value as text in a plain cell (Wagtail's cell.html without the template)."""


class UTCTimeColumn(FastColumn):
    """An absolute time in UTC ("2026-03-04 14:05:09 UTC"), the relative age only on hover:
    evidence is read against other logs, and "12 minutes ago" changes under the reader."""

    def cell(self, instance, now):
        value = getattr(instance, self.accessor)
        if not value:
            return self.td("")
        when = value.astimezone(UTC)
        return self.td(
            f'<time datetime="{when:%Y-%m-%dT%H:%M:%SZ}" title="{age(now, when)} ago">'
            f"{when:%Y-%m-%d %H:%M:%S} UTC</time>"
        )


class LinkColumn(FastColumn):
    """The row's title cell: its value linked to the URL `url_name` gives the row's pk, in
    Wagtail's title-cell markup; "(pruned)" where retention blanked the value."""

    MARK = 987654321

    def __init__(self, name, url_name, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name
        self._patterns = {}

    def url(self, pk):
        # One reverse() per script prefix, not one per row.
        prefix = get_script_prefix()
        if prefix not in self._patterns:
            self._patterns[prefix] = reverse(self.url_name, args=[self.MARK])
        return self._patterns[prefix].replace(str(self.MARK), str(int(pk)))

    def cell(self, instance, now):
        value = getattr(instance, self.accessor)
        text = "(pruned)" if value is None else html.escape(str(value))
        link = html.escape(self.url(instance.pk))
        return self.td(f'<div class="title-wrapper"><a href="{link}">{text}</a></div>', "title")


class RecordTable(Table):
    """Wagtail's table markup, its rows joined in Python (header cells stay Wagtail's)."""

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        columns = list(self.columns.values())
        now = timezone.now()
        rows = "".join(
            f"<tr{flatatt(self.get_row_attrs(instance))}>"
            + "".join(column.cell(instance, now) for column in columns)
            + "</tr>"
            for instance in self.data
        )
        caption = self.get_caption()
        return format_html(
            "<table{}>{}<thead><tr{}>{}</tr></thead><tbody>{}</tbody></table>",
            flatatt(self.attrs),
            format_html('<caption class="w-sr-only">{}</caption>', caption) if caption else "",
            format_html(' class="{}"', self.header_row_classname)
            if self.header_row_classname
            else "",
            mark_safe(  # noqa: S308 - Wagtail's header template, already escaped
                "".join(column.render_header_html(context) for column in columns)
            ),
            mark_safe(rows),  # noqa: S308 - every value escaped in the columns' cell()
        )
