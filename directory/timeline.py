"""A model's facts over time as a timeline: its release, each published change, its last check.

The events come from the model itself and from its published revisions (history.py); this
module places them on a line, and templates/directory/includes/timeline.html draws it. The
change history list under the chart says the same in words.
"""

from dataclasses import dataclass

from .columns import format_date

# Narrower than the parameters chart and drawn at its natural size (directory.css), so its
# few labels stay readable on a phone without scrolling.
WIDTH, HEIGHT = 480, 160
LEFT, RIGHT = 12, 12
AXIS_Y = 80
MAX_LABEL = 26  # characters of a label drawn on the line; the title and the list hold all


@dataclass
class Event:
    when: object  # a date
    kind: str  # released, added, changed or checked: also the marker's shape
    text: str
    x: float = 0
    above: bool = True
    anchor: str = "middle"

    @property
    def short(self):
        return self.text if len(self.text) <= MAX_LABEL else self.text[: MAX_LABEL - 1] + "…"

    @property
    def date_text(self):
        return format_date(self.when)


@dataclass
class Timeline:
    events: list
    width: int = WIDTH
    height: int = HEIGHT
    axis_y: int = AXIS_Y
    left: int = LEFT
    right: int = WIDTH - RIGHT


def _change_text(change):
    if change.is_new:
        return "Added to the directory"
    return "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)


def model_events(model, history):
    """The model's events, oldest first; `history` is model_history() (newest first)."""
    events = []
    if model.release_date:
        events.append(Event(model.release_date, "released", "Released"))
    for change in reversed(history):
        kind = "added" if change.is_new else "changed"
        events.append(Event(change.published_at.date(), kind, _change_text(change)))
    if model.as_of:
        events.append(Event(model.as_of, "checked", "Facts last checked"))
    return sorted(events, key=lambda e: e.when)


def timeline(model, history):
    """The placed timeline, or None when there is nothing to draw."""
    events = model_events(model, history)
    if not events:
        return None
    first, last = events[0].when.toordinal(), events[-1].when.toordinal()
    span = max(last - first, 1)
    inner_left, inner_right = LEFT + 8, WIDTH - RIGHT - 8
    for index, event in enumerate(events):
        share = (event.when.toordinal() - first) / span if len(events) > 1 else 0.5
        event.x = round(inner_left + (inner_right - inner_left) * share, 1)
        event.above = index % 2 == 0
        # Labels near an end run inwards, so none leaves the drawing.
        event.anchor = "start" if share < 1 / 3 else "end" if share > 2 / 3 else "middle"
    return Timeline(events)
