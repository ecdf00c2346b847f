"""The acceptance report: per-day acceptance of each optional group, and the chart's geometry."""

from django.db.models import Count, Q
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import TruncDate

DEFAULT_DAYS, MAX_DAYS = 30, 400


def days_back(raw):
    """How many days the report covers: the auditor's ?days=, kept within 1–400."""
    try:
        return min(max(int(raw or DEFAULT_DAYS), 1), MAX_DAYS)
    except ValueError:
        return DEFAULT_DAYS


def acceptance_by_day(queryset, groups):
    """[(day, {group: (accepted, total)})] for each day with records, oldest first.
    A record counts towards a group's total only if it holds a decision for that group."""
    aggregates = {}
    for i, varname in enumerate(groups):
        queryset = queryset.alias(**{f"_key{i}": KeyTransform(varname, "decisions")})
        aggregates[f"yes{i}"] = Count("pk", filter=Q(**{f"_key{i}": True}))
        aggregates[f"all{i}"] = Count("pk", filter=Q(decisions__has_key=varname))
    rows = (
        queryset.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(**aggregates)
        .order_by("day")
    )
    return [
        (row["day"], {g: (row[f"yes{i}"], row[f"all{i}"]) for i, g in enumerate(groups)})
        for row in rows
    ]


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 240, 36
CHART_COLOURS = ["#0b6e4f", "#8a3ffc", "#b4530f", "#1f5fa8", "#a3195b"]


def chart_series(days, groups):
    """Polyline points (SVG user units) per group; y is the acceptance rate 0–100 %."""
    if not days:
        return []
    span = max(1, len(days) - 1)
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    inner_h = CHART_HEIGHT - 2 * CHART_PAD
    series = []
    for index, (varname, name) in enumerate(groups):
        points = []
        for position, (_day, counts) in enumerate(days):
            accepted, total = counts[varname]
            if not total:
                continue
            x = CHART_PAD + inner_w * (position / span if len(days) > 1 else 0.5)
            y = CHART_PAD + inner_h * (1 - accepted / total)
            points.append(f"{x:.1f},{y:.1f}")
        series.append(
            {
                "varname": varname,
                "name": name,
                "colour": CHART_COLOURS[index % len(CHART_COLOURS)],
                "points": " ".join(points),
            }
        )
    return series


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


def gridlines():
    """(percent, y) of the chart's horizontal lines."""
    return [
        (pct, CHART_PAD + (CHART_HEIGHT - 2 * CHART_PAD) * (1 - pct / 100))
        for pct in (0, 25, 50, 75, 100)
    ]
