"""A word-level diff of two policy texts, for the auditors' compare page (audit/versions.py
renders it). difflib does the matching; this module only splits the text into words and
the whitespace between them, so joining every piece back gives either text exactly."""

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def tokens(text):
    """Words and the runs of whitespace between them, in order."""
    return _TOKENS.findall(text)


def word_diff(old_text, new_text):
    """[(kind, text)] with kind "same", "del" or "ins"; a replaced run is its deletion then
    its insertion. Joining the "same" and "del" pieces gives old_text; "same" and "ins",
    new_text."""
    old, new = tokens(old_text), tokens(new_text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces = []
    for op, i1, i2, j1, j2 in _joined(matcher.get_opcodes(), old):
        if op == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(new[j1:j2])))
    return pieces


def _joined(opcodes, old):
    """The opcodes with whitespace alone between two changes folded into one replacement,
    so "one year" becoming "two years" reads as one change, not two around a kept space."""
    result = []
    for tag, i1, i2, j1, j2 in opcodes:
        gap = result[-1] if result else None
        if (
            tag != "equal"
            and len(result) >= 2
            and gap[0] == "equal"
            and result[-2][0] != "equal"
            and not "".join(old[gap[1] : gap[2]]).strip()
        ):
            result.pop()
            first = result.pop()
            result.append(("replace", first[1], i2, first[3], j2))
        else:
            result.append((tag, i1, i2, j1, j2))
    return result


def for_display(pieces):
    """[(kind, before, words, after)]: each changed run with the whitespace at its edges
    moved outside the mark, so <ins>/<del> wrap exactly the words that changed."""
    shown = []
    for kind, text in pieces:
        if kind == "same" or not text.strip():
            shown.append(("same", "", text, ""))
            continue
        core = text.strip()
        start = text.index(core)
        shown.append((kind, text[:start], core, text[start + len(core) :]))
    return shown


def change_count(pieces):
    """How many separate places changed (a replacement counts once)."""
    count, previous = 0, "same"
    for kind, _text in pieces:
        if kind != "same" and previous == "same":
            count += 1
        previous = kind
    return count
