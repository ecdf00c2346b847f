"""The directory in pages: the filtered models sorted by the database, one page fetched.

At 1,000 models one page of every model took 12 s to render (docs/performance.md, issue 19).
So the sort the reader asked for (the filter form's ``sort`` and ``order``) becomes an ORDER
BY that gives the same order the column registry's sort values give in Python
(tables.sort_rows): a column's missing values last in both directions, ties by name. Only
the requested page's models are fetched with everything a row shows, so a page costs the
same queries whatever the registry holds: a count, the page and its two prefetches.

Page numbers are read strictly: ``page=1`` … ``page=N`` name a page (our links leave out
``page=1``); anything else, ``page=0``, ``page=02``, ``page=x``, an empty value or a page past
the last, is a 404, so made-up numbers cannot fill a cache with copies of one page.
The view (views.py) builds the table from the page; the downloads (exports.py) still hold
every matching model.
"""

import re

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Lower, NullIf
from django.http import Http404

from .facts import ParameterStatus
from .models import FoundationModel
from .tables import DESCENDING

MODELS_PER_PAGE = 50
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def _modality_count():
    """How many modalities a model lists; NULL for none (the column's "no value")."""
    through = FoundationModel.modalities.through
    counted = (
        through.objects.filter(foundationmodel_id=OuterRef("pk"))
        .order_by()
        .values("foundationmodel_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(counted)


def _unless_undisclosed(field):
    return Case(When(parameter_status=ParameterStatus.UNDISCLOSED, then=None), default=F(field))


def sort_expression(key):
    """The SQL value a column sorts by (NULL where the registry's sort value is None)."""
    expressions = {
        "name": Lower("name"),
        "developer": Lower("developer__name"),
        "modalities": _modality_count(),
        "parameters": _unless_undisclosed("max_parameters_billions"),
        "active_parameters": _unless_undisclosed("active_parameters_billions"),
        "release_date": F("release_date"),
        "open_weights": F("open_weights"),
        "licence": NullIf(Lower("licence"), Value("")),
        "as_of": F("as_of"),
    }
    return expressions.get(key, expressions["name"])


def sorted_models(models, filters):
    """`models` (filters.filtered_models) in the order the table shows them."""
    value = sort_expression(filters.get("sort") or "name")
    descending = filters.get("order") == DESCENDING
    column = F("directory_sort")
    order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return models.annotate(directory_sort=value).order_by(order, "name", "pk")


def page_number(raw):
    """The page a query string's ``page`` names: 1 when absent; Http404 when malformed."""
    if raw is None:
        return 1
    if not _PAGE_NUMBER.fullmatch(raw):
        raise Http404("No such page of the directory")
    return int(raw)


def model_page(models, filters, raw_number):
    """One page of the sorted models (a Django Page); Http404 for a page that is not there."""
    paginator = Paginator(sorted_models(models, filters), MODELS_PER_PAGE)
    number = page_number(raw_number)
    if number > paginator.num_pages:
        raise Http404("No such page of the directory")
    return paginator.page(number)


def page_href(query, number):
    """The address of page `number` relative to the directory: the query kept, page 1 bare."""
    parts = [query] if query else []
    if number > 1:
        parts.append(f"page={number}")
    return "?" + "&".join(parts) if parts else "."


def page_links(page, query, around=2):
    """Links to the first, last and nearby pages, None where numbers are left out, each
    {"number", "href", "current"}: what the directory's page navigation shows."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - around, page.number + around + 1)}
    links, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number > previous + 1:
            links.append(None)
        links.append(
            {"number": number, "href": page_href(query, number), "current": number == page.number}
        )
        previous = number
    return links
