"""A model-comparison block's value as the registry's ModelTable (directory/tables.py).

The block renders it, the pages API serialises it (blocks/api_json.py) and the article's
downloads write it (exports.py): one function, so the three read a block the same way.
"""

from directory.tables import build_model_table


def table_from_block(value, sort_key=None, sort_direction=None):
    """A table from a ModelComparisonTableBlock value; optional overrides for the sort."""
    return build_model_table(
        value.get("caption", ""),
        value.get("models") or [],
        value.get("columns") or [],
        sort_key=value.get("default_sort") if sort_key is None else sort_key,
        sort_direction=value.get("sort_direction") if sort_direction is None else sort_direction,
        show_sources=bool(value.get("show_sources")),
    )
