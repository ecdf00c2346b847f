"""Article render time with a 6-model and a 200-model comparison table.

Uses the test settings and a throwaway SQLite database (or DATABASE_URL when set), so it
never touches the development database. Prints median and p95 over N renders per size, and
the SQL queries per render, which must be the same for both sizes.

    python bench/tables.py            # N=200
    BENCH_RENDERS=50 python bench/tables.py
"""

import os
import statistics
import time
from datetime import date

from _django import setup_django  # bench/ is on sys.path when a script runs

RENDERS = int(os.environ.get("BENCH_RENDERS", "200"))
SIZES = (6, 200)


def make_models(count, start):
    from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation

    developers = [
        Organisation.objects.get_or_create(slug=f"bench-lab-{i}", defaults={"name": f"Lab {i}"})[0]
        for i in range(5)
    ]
    modalities = list(Modality.objects.all())
    models = []
    for i in range(start, start + count):
        model = FoundationModel.objects.create(
            name=f"Bench model {i}",
            slug=f"bench-model-{i}",
            developer=developers[i % len(developers)],
            max_parameters_billions=1 + i,
            min_parameters_billions=1,
            open_weights=bool(i % 2),
            release_date=date(2024, 1 + i % 12, 1),
            as_of=date(2026, 11, 1),
            live=True,
        )
        model.modalities.set(modalities[: 1 + i % len(modalities)])
        model.save()
        FoundationModelSource.objects.create(
            model=model, fact="parameters", url=f"https://example.org/{i}", title=f"Source {i}"
        )
        models.append(model)
    return models


def make_article(section, count, start):
    from articles.models import ArticlePage
    from directory.columns import COLUMN_LIST

    models = make_models(count, start)
    table = {
        "caption": f"{count} models",
        "models": models,
        "columns": [c.key for c in COLUMN_LIST],
        "default_sort": "parameters",
        "sort_direction": "desc",
        "show_sources": True,
    }
    article = ArticlePage(
        title=f"Table of {count}",
        slug=f"bench-table-{count}",
        standfirst="A benchmark article with one model table.",
        body=[("paragraph", "<p>Models compared.</p>"), ("model_table", table)],
    )
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    setup_django("bench-tables")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import SectionPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))
    section = SectionPage.objects.get(slug="core-concepts")
    client = Client()
    vendor = connection.vendor
    print(f"Article render time, {RENDERS} renders per size ({vendor}, test settings)")
    print(f"{'models':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'KiB':>7}")
    start = 0
    for size in SIZES:
        article = make_article(section, size, start)
        start += size
        response = client.get(article.url)  # warm per-site caches
        assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(article.url)
        # Read now: every request start clears Django's query log.
        queries = len(ctx.captured_queries)
        timings = []
        for _ in range(RENDERS):
            began = time.perf_counter()
            response = client.get(article.url)
            timings.append((time.perf_counter() - began) * 1000)
        print(
            f"{size:>7}{statistics.median(timings):>11.1f}{percentile(timings, 0.95):>9.1f}"
            f"{queries:>9}{len(response.content) / 1024:>7.0f}"
        )


if __name__ == "__main__":
    main()
