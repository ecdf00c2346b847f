"""The directory as a dataset: its table, its downloads and how search engines read it."""

from django.conf import settings
from django.urls import reverse

from astermind_site.site_url import absolute_url

from .columns import COLUMN_LIST
from .tables import ASCENDING, build_model_table

DATASET_NAME = "Foundation model directory"
DATASET_DESCRIPTION = (
    "Published facts about foundation models kept by the AsterMind Learn editors: developer, "
    "modalities, parameter counts, release date, open weights and licence, each with its "
    "sources and the date the facts were last checked."
)
# The facts are ours to share under this licence; a deployment may choose another.
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ALL_COLUMN_KEYS = [c.key for c in COLUMN_LIST]


def dataset_licence():
    return getattr(settings, "DIRECTORY_DATASET_LICENCE", DEFAULT_LICENCE)


def directory_table(models, filters=None, show_sources=True, presorted=False):
    """Every column for the given models, sorted as the filters ask (by name otherwise).
    `presorted` models (a page of paging.sorted_models) keep their order: the database
    sorted them already, and the table only says which column it is sorted by."""
    filters = filters or {}
    sort_key = filters.get("sort") or "name"
    direction = filters.get("order") or ASCENDING
    table = build_model_table(
        DATASET_NAME,
        models,
        ALL_COLUMN_KEYS,
        sort_key="" if presorted else sort_key,
        sort_direction=direction,
        show_sources=show_sources,
    )
    if presorted:
        table.sort_key, table.sort_direction = sort_key, direction
    return table


def date_modified(models):
    """When the dataset last changed: the latest publish, or the latest check without one."""
    published = [m.last_published_at.date() for m in models if m.last_published_at]
    checked = [m.as_of for m in models if m.as_of]
    dates = published or checked
    return max(dates) if dates else None


def dataset_json_ld(request, models, site_name):
    modified = date_modified(models)
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{site_name}: {DATASET_NAME.lower()}",
        "description": DATASET_DESCRIPTION,
        "url": absolute_url(reverse("directory:index"), request),
        "license": dataset_licence(),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": site_name},
        "variableMeasured": [c.label for c in COLUMN_LIST],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": media_type,
                "contentUrl": absolute_url(reverse(f"directory:{name}"), request),
            }
            for name, media_type in (("csv", "text/csv"), ("json", "application/json"))
        ],
    }
    if modified:
        data["dateModified"] = modified.isoformat()
    return data
