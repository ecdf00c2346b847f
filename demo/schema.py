"""Checks shared by the demo data readers: typed keys with defaults, unique slugs, file errors.

Every message starts with where the problem is (file, and table within it), because the
person reading it is editing a data file, not debugging Python.
"""

import tomllib
from datetime import date

REQUIRED = object()
T = ("text", REQUIRED)  # the common case: text that must be there
KINDS = {
    "text": ("text", lambda v: type(v) is str),
    "number": ("a number", lambda v: type(v) in (int, float)),
    "flag": ("true or false", lambda v: type(v) is bool),
    "date": ("a date (YYYY-MM-DD)", lambda v: type(v) is date),
    "numbers": (
        "a list of numbers",
        lambda v: type(v) is list and all(type(i) in (int, float) for i in v),
    ),
    "texts": ("a list of text", lambda v: type(v) is list and all(type(i) is str for i in v)),
    "table": ("a table", lambda v: type(v) is dict),
    "tables": ("a list of tables", lambda v: type(v) is list and all(type(i) is dict for i in v)),
}


class DemoContentError(Exception):
    """Demo data that cannot be loaded as it stands; the message says where and why."""


def fields(table, where, **spec):
    """The values of `table` for the keys of `spec` (key=(kind, default)), checked by kind.

    A missing key takes its default unless that is REQUIRED; a key `spec` does not name is an
    error, so a misspelt key is caught instead of silently ignored.
    """
    if type(table) is not dict:
        raise DemoContentError(f"{where}: expected a table of keys and values")
    unknown = sorted(set(table) - set(spec))
    if unknown:
        raise DemoContentError(f"{where}: unknown key(s) {', '.join(unknown)}")
    values = {}
    for name, (kind, default) in spec.items():
        if name not in table:
            if default is REQUIRED:
                raise DemoContentError(f"{where}: '{name}' is missing")
            values[name] = default
            continue
        description, fits = KINDS[kind]
        if not fits(table[name]):
            raise DemoContentError(f"{where}: '{name}' should be {description}")
        values[name] = table[name]
    return values


def unique_slugs(records, where, what):
    slugs = [record["slug"] for record in records]
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise DemoContentError(f"{where}: {what} slug(s) used twice: {', '.join(repeated)}")
    return set(slugs)


def read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DemoContentError(f"{path}: cannot be read ({error})") from error


def read_toml(path):
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path}: not valid TOML: {error}") from error
