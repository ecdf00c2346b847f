"""The colour tokens in static/css/site.css meet WCAG 2.1 AA in the light and dark schemes.

Text pairs need 4.5:1 (body text is under 24 px), interface edges that a reader must see
(input borders, focus rings, callout rules) 3:1. The table in docs/design.md lists the same
pairs; this test reads the tokens from the stylesheet itself, so a changed colour that
breaks a pair fails here before anyone has to measure it by eye.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

SITE_CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
TOKEN = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b")

TEXT = 4.5
UI = 3.0
PAIRS = [
    ("text", "bg", TEXT),
    ("text", "card", TEXT),
    ("text", "surface", TEXT),
    ("muted", "bg", TEXT),
    ("muted", "card", TEXT),
    ("muted", "surface", TEXT),
    ("accent", "bg", TEXT),
    ("accent", "card", TEXT),
    ("accent", "surface", TEXT),
    ("accent", "info", TEXT),
    ("on-brand", "brand", TEXT),
    ("on-brand", "brand-hover", TEXT),
    ("text", "info", TEXT),
    ("text", "tip", TEXT),
    ("text", "warn", TEXT),
    ("text", "mark", TEXT),
    ("focus", "bg", UI),
    ("focus", "card", UI),
    ("muted", "bg", UI),  # input borders
    ("tip-line", "tip", UI),
    ("warn-line", "warn", UI),
    ("brand", "bg", UI),  # the mark, the nav underline, the header rule
]


def root_block(after=0):
    """The declarations of the first :root rule at or after a position in the stylesheet."""
    start = SITE_CSS.index(":root{", after)
    return SITE_CSS[start : SITE_CSS.index("}", start)]


def tokens(scheme):
    light = dict(TOKEN.findall(root_block()))
    if scheme == "light":
        return light
    dark = root_block(SITE_CSS.index("@media (prefers-color-scheme:dark)"))
    return {**light, **dict(TOKEN.findall(dark))}


def luminance(hex_colour):
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_dark_scheme_overrides_the_light_tokens():
    light, dark = tokens("light"), tokens("dark")
    assert light["bg"] != dark["bg"] and light["text"] != dark["text"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "needed"), PAIRS)
def test_token_pairs_meet_aa(scheme, fg, bg, needed):
    colours = tokens(scheme)
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= needed, f"{scheme}: --{fg} on --{bg} is {ratio:.2f}:1, needs {needed}:1"
