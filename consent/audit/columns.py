"""The record list's table and columns (the columns are named in consent/wagtail_hooks.py,
the table in audit/views.py).

Wagtail renders each cell through a template of its own and each row through a template loop:
350 template renders for a page of 50 records in 7 columns, the largest share of the list's
time once its queries were cheap. These write the same markup (Wagtail's header cells, a
`<td>` with the column's class, the title cell's wrapper and link) with format_html, escaping
every value as the templates did."""

from datetime import UTC

from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from wagtail.admin.ui.tables import Column, Table


def _class_attr(column, extra=""):
    classes = " ".join(c for c in (column.classname, extra) if c)
    return format_html(' class="{}"', classes) if classes else ""


class TextColumn(Column):
    """A value as text in a plain cell (Wagtail's cell.html without the template)."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html("<td{}>{}</td>", _class_attr(self), "" if value is None else str(value))


class UTCTimeColumn(Column):
    """An absolute time in UTC ("2026-03-04 14:05:09 UTC"), the relative age only on hover:
    evidence is read against other logs, and "12 minutes ago" changes under the reader."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if not value:
            return format_html("<td{}></td>", _class_attr(self))
        when = value.astimezone(UTC)
        return format_html(
            '<td{}><time datetime="{}" title="{} ago">{} UTC</time></td>',
            _class_attr(self),
            when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            timesince(when),
            when.strftime("%Y-%m-%d %H:%M:%S"),
        )


class LinkColumn(Column):
    """The row's title cell: its value linked to `get_url(instance)`, in Wagtail's
    title-cell markup; "(pruned)" where retention blanked the value."""

    def __init__(self, name, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html(
            '<td{}><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            _class_attr(self, "title"),
            self.get_url(instance),
            "(pruned)" if value is None else str(value),
        )


class RecordTable(Table):
    """Wagtail's table markup, its rows joined in Python (header cells stay Wagtail's)."""

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        columns = list(self.columns.values())
        caption = self.get_caption()
        header = "".join(column.render_header_html(context) for column in columns)
        rows = format_html_join(
            "",
            "<tr{}>{}</tr>",
            (
                (
                    flatatt(self.get_row_attrs(instance)),
                    mark_safe(  # noqa: S308 - every cell is built by format_html
                        "".join(column.render_cell_html(instance, context) for column in columns)
                    ),
                )
                for instance in self.data
            ),
        )
        return format_html(
            "<table{}>{}<thead><tr{}>{}</tr></thead><tbody>{}</tbody></table>",
            flatatt(self.attrs),
            format_html('<caption class="w-sr-only">{}</caption>', caption) if caption else "",
            format_html(' class="{}"', self.header_row_classname)
            if self.header_row_classname
            else "",
            mark_safe(header),  # noqa: S308 - Wagtail's header template, already escaped
            rows,
        )
