"""The acceptance report's three tables as HTML strings (the page is
templates/consent/admin/report.html; the numbers are report.py's).

400 days are 400 rows of five method counts and 400 rows of a cell per cookie group: filled
in by the template language that was about 75,000 node renders and most of the report's
time (issue 19: 2 s at load 10 against a target of 1 s). Here each row is one f-string, every
text that is not a number escaped with html.escape, and each table is marked safe once, as
the record list's rows are (columns.py). The markup is what the template wrote."""

import html

from django.utils.safestring import mark_safe


def _head(cells):
    return "".join(f'<th scope="col">{html.escape(str(cell))}</th>' for cell in cells)


def _rate(accepted, total, rate):
    """One group's cell: "75% (3/4)", or a dash when no record held a decision for it."""
    if rate is None:
        return "<td>—</td>"
    return f"<td>{int(rate)}% ({int(accepted)}/{int(total)})</td>"


def method_table(method_labels, method_rows):
    """Choices per day by method: `method_rows` is report.method_rows()."""
    rows = "".join(
        f'<tr><th scope="row">{day:%Y-%m-%d}</th>'
        + "".join(f"<td>{int(count)}</td>" for count in cells)
        + "</tr>"
        for day, cells in method_rows
    )
    return mark_safe(  # noqa: S308 - dates, integers and escaped labels
        '<table class="listing" id="consent-method-table">'
        "<caption>Choices per day by method (UTC days)</caption>"
        f'<thead><tr><th scope="col">Day</th>{_head(method_labels)}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def acceptance_table(groups, table):
    """Acceptance per group per day: `table` is report.table_rows(), `groups` [(varname,
    name)]."""
    rows = "".join(
        f'<tr><th scope="row">{day:%Y-%m-%d}</th>'
        + "".join(_rate(*cell) for cell in cells)
        + "</tr>"
        for day, cells in table
    )
    return mark_safe(  # noqa: S308 - dates, integers and escaped names
        '<table class="listing" id="consent-acceptance-table">'
        "<caption>Acceptance rate per group per day (accepted / records with a decision for "
        "the group)</caption>"
        f'<thead><tr><th scope="col">Day</th>{_head(name for _v, name in groups)}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def language_table(groups, by_language, days_back):
    """Acceptance by language: `by_language` is report.acceptance_by_language()."""
    rows = "".join(
        f'<tr data-language="{html.escape(code)}"><th scope="row">{html.escape(str(name))}</th>'
        f"<td>{int(count)}</td>" + "".join(_rate(*cell) for cell in cells) + "</tr>"
        for code, name, count, cells in by_language
    )
    return mark_safe(  # noqa: S308 - integers and escaped codes and names
        '<table class="listing" id="consent-language-table">'
        "<caption>Acceptance by the language the visitor was asked in, over the last "
        f"{int(days_back)} days (accepted / records with a decision for the group)</caption>"
        '<thead><tr><th scope="col">Language</th><th scope="col">Choices</th>'
        f"{_head(name for _v, name in groups)}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
