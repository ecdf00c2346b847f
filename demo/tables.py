"""Lists of TOML tables ([[sections]], [[images]], ...): each one numbered and checked.

An error in the third [[images]] table names "images.toml, [[images]] #3", counted from 1 as
the person editing the file counts them.
"""

from .schema import fields


def numbered(tables, where):
    """(where, table) for each table of a list, `where` ending in its number."""
    for n, table in enumerate(tables, 1):
        yield f"{where} #{n}", table


def each_table(tables, where, **spec):
    """(where, values) for each table of a list, its values checked against `spec` by fields()."""
    for place, table in numbered(tables, where):
        yield place, fields(table, place, **spec)


def read_tables(tables, where, **spec):
    """The values of each table of a list, checked against `spec`; for lists that need no more."""
    return [values for _, values in each_table(tables, where, **spec)]
