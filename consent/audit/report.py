"""The acceptance report: choices per day by method (a stacked bar chart, drawn by hand in
SVG from the geometry here), per-day acceptance of each optional group (the table), and the
same acceptance split by the language the visitor was asked in. The report can also be
narrowed to one language (`?language=de`).

The counts come from ConsentDailyTally (one row per UTC day, method, language and set of
decisions, kept by a database trigger on every insert: migrations 0009 and 0011), so the
report sums a few
thousand rows however many records there are. `RAW` counts the records themselves the same
way; the tests hold the two equal."""

import html
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce, TruncDate
from django.utils.safestring import mark_safe

from ..models import ConsentDailyTally, ConsentMethod, ConsentRecord

DEFAULT_DAYS, MAX_DAYS = 30, 400


def days_back(raw):
    """How many days the report covers: the auditor's ?days=, kept within 1–400."""
    try:
        return min(max(int(raw or DEFAULT_DAYS), 1), MAX_DAYS)
    except ValueError:
        return DEFAULT_DAYS


@dataclass(frozen=True)
class Source:
    """Where the report counts: rows with a day and a number of records each."""

    model: type
    day: object  # an expression giving each row's UTC day
    weight: str  # "count": each row is one record; otherwise the field holding the number

    def rows(self, first):
        """The rows of `first` and every day after it."""
        return self.model.objects.alias(_first=self.day).filter(_first__gte=first)

    def total(self, **filters):
        if self.weight == "count":
            return Count("pk", **filters)
        return Coalesce(Sum(self.weight, **filters), 0)


TALLY = Source(ConsentDailyTally, F("day"), "records")
RAW = Source(ConsentRecord, TruncDate("created_at"), "count")


def acceptance_by_day(queryset, groups, source=TALLY):
    """[(day, {group: (accepted, total)})] for each day with records, oldest first.
    A record counts towards a group's total only if it holds a decision for that group."""
    aggregates = {}
    for i, varname in enumerate(groups):
        queryset = queryset.alias(**{f"_key{i}": KeyTransform(varname, "decisions")})
        aggregates[f"yes{i}"] = source.total(filter=Q(**{f"_key{i}": True}))
        aggregates[f"all{i}"] = source.total(filter=Q(decisions__has_key=varname))
    rows = queryset.annotate(_day=source.day).values("_day").annotate(**aggregates).order_by("_day")
    return [
        (row["_day"], {g: (row[f"yes{i}"], row[f"all{i}"]) for i, g in enumerate(groups)})
        for row in rows
    ]


def table_rows(days, groups):
    """[(day, [(accepted, total, percent or None) per group])] for the report's table."""
    return [
        (
            day,
            [
                (accepted, total, round(100 * accepted / total) if total else None)
                for accepted, total in (counts[g] for g, _ in groups)
            ],
        )
        for day, counts in days
    ]


# --- choices per day by method: the dated, stacked bar chart ---------------------------------

# The model's choices are the one source of each method's name: the chart, its table, the
# list, its filter, the CSV and the evidence page all say what ConsentMethod says.
METHOD_ORDER = list(ConsentMethod.values)
METHOD_LABELS = dict(ConsentMethod.choices)
# Distinguishable in light and dark admin themes and for common colour-vision deficiencies
# (Okabe–Ito); the table under the chart holds every number too.
METHOD_COLOURS = {
    "accept_all": "#009e73",
    "reject_all": "#d55e00",
    "preferences": "#0072b2",
    "withdrawal": "#cc79a7",
    "gpc": "#e69f00",
}
# The viewBox is as wide as the admin's content column at 1280 px, so text is drawn at its
# own size; BAR_RIGHT leaves room for half of the last day's label, centred on its bar.
BAR_W, BAR_H, BAR_LEFT, BAR_RIGHT, BAR_TOP, BAR_BOTTOM = 1040, 280, 48, 32, 16, 48


def every_day(first, last):
    """Each date from first to last inclusive, so empty days are shown as gaps."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def counts_by_method(queryset, first, last, source=TALLY):
    """[(day, {method: count})] for every day first..last, zeros on days without records."""
    rows = (
        queryset.annotate(_day=source.day)
        .values("_day", "method")
        .annotate(n=source.total())
        .order_by()
    )
    counts = {day: dict.fromkeys(METHOD_ORDER, 0) for day in every_day(first, last)}
    for row in rows:
        if row["_day"] in counts and row["method"] in counts[row["_day"]]:
            counts[row["_day"]][row["method"]] = row["n"]
    return sorted(counts.items())


def method_rows(days):
    """[(day, [count per method in METHOD_ORDER])] for the days that have any record."""
    return [
        (day, [counts[m] for m in METHOD_ORDER]) for day, counts in days if sum(counts.values())
    ]


def nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10^k at or above value (at least 1): the y-axis top."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


MAX_BAR = 48


def label_positions(count, at_most=8):
    """Which days get a date under them: evenly thinned to about `at_most`, always the last
    day, and never two labels so close they overlap."""
    every = max(1, round(count / at_most))
    positions = list(range(0, count, every))
    if positions and positions[-1] != count - 1:
        if count - 1 - positions[-1] < every * 0.6:
            positions[-1] = count - 1
        else:
            positions.append(count - 1)
    return set(positions)


def bars_svg(bars):
    """The bars as SVG markup, joined here rather than in the template: 400 days make 2,000
    bars, which the template language took most of the report's time to fill in (titles
    escaped by the standard library's html.escape, as report_tables.py does)."""
    return mark_safe(  # noqa: S308 - numbers, our own colours, and the escaped title
        "".join(
            f'<rect x="{b["x"]}" y="{b["y"]}" width="{b["w"]}" height="{b["h"]}" '
            f'fill="{b["colour"]}"><title>{html.escape(b["title"])}</title></rect>'
            for b in bars
        )
    )


def stacked_bars(days, version_days=()):
    """Everything the SVG draws, in user units: a bar segment per method per day (days with
    no records draw nothing, so they read as gaps), dated x labels thinned to fit, y ticks,
    and a dashed line at each day a new policy version came into force."""
    inner_w = BAR_W - BAR_LEFT - BAR_RIGHT
    inner_h = BAR_H - BAR_TOP - BAR_BOTTOM
    slot = inner_w / max(len(days), 1)
    top = nice_ceiling(max((sum(c.values()) for _d, c in days), default=0))
    bars, labels, markers = [], [], []
    labelled = label_positions(len(days))
    index = {day: i for i, (day, _c) in enumerate(days)}
    # A bar never wider than MAX_BAR, centred on its day: one day of data is one clear bar.
    bar_w = min(slot * 0.7, MAX_BAR)
    for i, (day, counts) in enumerate(days):
        x = BAR_LEFT + (i + 0.5) * slot - bar_w / 2
        base = BAR_TOP + inner_h
        for method in METHOD_ORDER:
            if not counts[method]:
                continue
            height = inner_h * counts[method] / top
            base -= height
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(base, 1),
                    "w": round(max(bar_w, 1), 1),
                    "h": round(height, 1),
                    "colour": METHOD_COLOURS[method],
                    "title": f"{day:%Y-%m-%d}: {counts[method]} × {METHOD_LABELS[method]}",
                }
            )
        if i in labelled:
            labels.append({"x": round(BAR_LEFT + (i + 0.5) * slot, 1), "text": f"{day:%d %b}"})
    for day in version_days:
        if day in index:
            markers.append({"x": round(BAR_LEFT + index[day] * slot, 1), "day": day})
    ticks = [
        {"value": v, "y": round(BAR_TOP + inner_h * (1 - v / top), 1)}
        for v in sorted({0, top // 2 if top >= 2 else 0, top})
    ]
    return {
        "width": BAR_W,
        "height": BAR_H,
        "left": BAR_LEFT,
        "right": BAR_W - BAR_RIGHT,
        "axis_y": BAR_TOP + inner_h,
        "label_y": BAR_TOP + inner_h + 18,
        "marker_top": BAR_TOP,
        "bars": bars,
        "bars_svg": bars_svg(bars),
        "labels": labels,
        "ticks": ticks,
        "markers": markers,
        "legend": [(METHOD_LABELS[m], METHOD_COLOURS[m]) for m in METHOD_ORDER],
    }


def report_language(raw, languages):
    """The auditor's ?language=, if it is one of `languages` ([(code, name)]); else "" (all)."""
    return raw if raw in {code for code, _name in languages} else ""


def acceptance_by_language(queryset, groups, languages, source=TALLY):
    """[(code, name, records, [(accepted, total, percent or None) per group])], one row per
    language in `languages` order, for the records in `queryset`. `groups`: [(varname, name)].
    Counted in the database, one query for every language at once."""
    aggregates = {"_records": source.total()}
    for i, (varname, _name) in enumerate(groups):
        queryset = queryset.alias(**{f"_key{i}": KeyTransform(varname, "decisions")})
        aggregates[f"yes{i}"] = source.total(filter=Q(**{f"_key{i}": True}))
        aggregates[f"all{i}"] = source.total(filter=Q(decisions__has_key=varname))
    rows = {
        row["language"]: row
        for row in queryset.values("language").annotate(**aggregates).order_by()
    }
    split = []
    for code, name in languages:
        row = rows.get(code)
        cells = []
        for i in range(len(groups)):
            accepted, total = (row[f"yes{i}"], row[f"all{i}"]) if row else (0, 0)
            cells.append((accepted, total, round(100 * accepted / total) if total else None))
        split.append((code, name, row["_records"] if row else 0, cells))
    return split
