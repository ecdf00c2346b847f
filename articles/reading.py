"""Reading aids built from an article body's raw StreamField data: the estimated reading
time and the table of contents. Plain functions, so a test reaches them without a page."""

import math
import re

from .blocks import anchor_for

WORDS_PER_MINUTE = 230
# Keys in block data that hold words a reader reads; everything else is configuration.
_TEXT_KEYS = {"heading", "items", "title", "text", "quote", "caption", "attribution", "cells"}
# A tag, comment or doctype, as a word boundary. Django's strip_tags runs an HTML parser and
# was a visible part of every listing's render (each card counts its article's words); an
# estimate in minutes does not need its precision, and a tag between two words (`</p><p>`)
# now separates them instead of gluing them into one.
_MARKUP = re.compile(r"<[^>]*>")


def count_words(html):
    return len(_MARKUP.sub(" ", html).split())


def _words_in(value, counted=False):
    if isinstance(value, str):
        return count_words(value) if counted else 0
    if isinstance(value, dict):
        return sum(_words_in(v, counted or k in _TEXT_KEYS) for k, v in value.items())
    if isinstance(value, list):
        return sum(_words_in(v, counted) for v in value)
    return 0


def reading_minutes(raw_stream, extra_text=""):
    """Minutes to read a body (raw StreamField data) plus some extra text, at least one."""
    words = count_words(extra_text)
    for block in raw_stream:
        value = block.get("value")
        # A paragraph's value is its HTML; structured blocks name their text keys.
        words += _words_in(value, counted=block.get("type") == "paragraph")
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def table_of_contents(raw_stream):
    """Section headings in body order, each h2 with the h3s that follow it as children."""
    entries = []
    for block in raw_stream:
        value = block.get("value")
        if block.get("type") != "heading" or not isinstance(value, dict):
            continue
        entry = {"anchor": anchor_for(value), "heading": value.get("heading", ""), "children": []}
        if value.get("level") == "h3" and entries:
            entries[-1]["children"].append(entry)
        else:
            entries.append(entry)
    return entries
