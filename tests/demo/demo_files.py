"""Breaking a copy of the demo data on purpose: the loader must refuse it and name the file."""

import pytest

from demo.loader import load_demo_data
from demo.schema import DemoContentError


def edit(path, old, new):
    """Replace the first ``old`` in the file with ``new`` (``old`` must be there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def assert_refused_naming_the_file(demo_copy, name, old, new, match=None):
    """Edit one file of the copy; loading it must raise a DemoContentError whose message
    names that file (and matches ``match`` when given)."""
    path = demo_copy / name
    edit(path, old, new)
    with pytest.raises(DemoContentError, match=match) as error:
        load_demo_data(demo_copy)
    assert str(path) in str(error.value), str(error.value)


def by_case(table):
    """pytest parameters from a table of (case, *values) rows, each named by its case."""
    return [pytest.param(*values, id=case) for case, *values in table]
