"""The directory's charts as plain geometry, for templates to draw as inline SVG.

Hand-written rather than a plotting library: the charts are two small figures whose colours
must follow the site's light and dark custom properties (a library's SVG or PNG carries its own
fixed colours), they are rendered on the server with the page (no script, no CDN), and every
number in them comes from the column registry, like the table that serves as their accessible
alternative. This module only does arithmetic; templates/directory/includes/ draws the SVG.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from .columns import COLUMNS, format_billions, format_date

# The drawing's own units (the SVG scales to its box); the margins hold the axis labels.
WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
LABEL_SIZE = 12  # font size of point labels, in drawing units
CHAR_WIDTH = 6.6  # a generous average width of one label character at that size
MARKER = 5
SQUARE = 9


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Point:
    model: object
    x: float
    y: float
    open_weights: bool
    estimated: bool
    text: str  # what the point says when read out or hovered
    label: str = ""
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"

    @property
    def corner(self):
        """Top-left corner of the square a closed-weights point is drawn as."""
        return round(self.x - SQUARE / 2, 1), round(self.y - SQUARE / 2, 1)


@dataclass
class ParameterChart:
    """Largest parameter count against release date, one point per model that has both."""

    points: list
    x_ticks: list
    y_ticks: list
    left_out: list  # (model, reason) for models the chart cannot place
    width: int = WIDTH
    height: int = HEIGHT
    plot: dict = field(default_factory=dict)

    @property
    def left_out_by_reason(self):
        """(reason, models) in the order the reasons first occur: one short list each."""
        groups = {}
        for model, reason in self.left_out:
            groups.setdefault(reason, []).append(model)
        return list(groups.items())

    @property
    def open_count(self):
        return sum(1 for p in self.points if p.open_weights)

    @property
    def closed_count(self):
        return len(self.points) - self.open_count


def _plot_box():
    return {"left": LEFT, "top": TOP, "right": WIDTH - RIGHT, "bottom": HEIGHT - BOTTOM}


def _day(value):
    return value.toordinal()


def _x_scale(first, last, box):
    start, end = date(first.year, 1, 1), date(last.year + 1, 1, 1)
    span = _day(end) - _day(start)
    width = box["right"] - box["left"]
    years = range(start.year, end.year + 1)
    step = max(1, math.ceil(len(years) / 9))  # at most nine year labels

    def scale(value):
        return box["left"] + width * (_day(value) - _day(start)) / span

    ticks = [Tick(round(scale(date(year, 1, 1)), 1), str(year)) for year in years[::step]]
    return scale, ticks


def _y_scale(low, high, box):
    """Log scale over whole powers of ten, so each gridline is ten times the one below."""
    bottom_power = math.floor(math.log10(low))
    top_power = max(math.ceil(math.log10(high)), bottom_power + 1)
    height = box["bottom"] - box["top"]

    def scale(billions):
        share = (math.log10(billions) - bottom_power) / (top_power - bottom_power)
        return box["bottom"] - height * share

    ticks = [
        Tick(round(scale(10**power), 1), format_billions(10**power))
        for power in range(bottom_power, top_power + 1)
    ]
    return scale, ticks


def _reason_left_out(model, billions):
    if billions is None:
        return "parameter count undisclosed"
    return "release date not known"


def parameter_chart(models):
    """The chart for the models a table shows (in the table's order), or None if none fit."""
    column = COLUMNS["parameters"]
    placed, left_out = [], []
    for model in models:
        billions = column.sort(model)  # the largest variant; None when undisclosed
        if billions is None or model.release_date is None:
            left_out.append((model, _reason_left_out(model, billions)))
            continue
        placed.append((model, billions))
    if not placed:
        return None
    box = _plot_box()
    dates = [model.release_date for model, _ in placed]
    counts = [billions for _, billions in placed]
    x, x_ticks = _x_scale(min(dates), max(dates), box)
    y, y_ticks = _y_scale(min(counts), max(counts), box)
    points = [
        Point(
            model=model,
            x=round(x(model.release_date), 1),
            y=round(y(billions), 1),
            open_weights=bool(model.open_weights),
            estimated=model.parameter_status == "estimated",
            text=(
                f"{model.name}: {column.display(model)} parameters, released "
                f"{format_date(model.release_date)}, "
                f"{'open' if model.open_weights else 'closed'} weights"
            ),
        )
        for model, billions in placed
    ]
    place_labels(points, box)
    return ParameterChart(points, x_ticks, y_ticks, left_out, plot=box)


def _label_box(x, y, text, anchor):
    width = len(text) * CHAR_WIDTH
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - LABEL_SIZE + 2, left + width, y + 3)


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points, box):
    """Name each point where its label covers no other label, marker or the plot's edge.

    Tried in turn: right, left, above, below. A point whose name fits nowhere stays unlabelled;
    it keeps its hover title, and the table below names every model.
    """
    markers = [(p.x - MARKER, p.y - MARKER, p.x + MARKER, p.y + MARKER) for p in points]
    taken = []
    gap = MARKER + 3
    for point in sorted(points, key=lambda p: (p.x, p.y)):
        text = point.model.name
        for dx, dy, anchor in (
            (gap, 4, "start"),
            (-gap, 4, "end"),
            (0, -gap, "middle"),
            (0, gap + LABEL_SIZE - 2, "middle"),
        ):
            candidate = _label_box(point.x + dx, point.y + dy, text, anchor)
            inside = (
                candidate[0] >= box["left"]
                and candidate[2] <= box["right"]
                and candidate[1] >= box["top"]
                and candidate[3] <= box["bottom"]
            )
            mine = (point.x - MARKER, point.y - MARKER, point.x + MARKER, point.y + MARKER)
            clear = not any(
                _overlaps(candidate, other) for other in taken + markers if other != mine
            )
            if inside and clear:
                point.label, point.anchor = text, anchor
                point.label_x, point.label_y = round(point.x + dx, 1), round(point.y + dy, 1)
                taken.append(candidate)
                break
