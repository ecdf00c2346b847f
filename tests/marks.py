"""A folder whose tests all need one mark (e2e, integration) refuses to collect without it."""

from pathlib import Path

import pytest


def require_mark(items, folder, mark, what):
    """Stop the run when a test under ``folder`` lacks ``mark`` (an unmarked one would run,
    and fail, in `make test`)."""
    here = Path(folder).resolve()
    unmarked = [
        item.nodeid
        for item in items
        if here in Path(str(item.path)).resolve().parents and not item.get_closest_marker(mark)
    ]
    if unmarked:
        raise pytest.UsageError(f"{what}: " + ", ".join(unmarked))
