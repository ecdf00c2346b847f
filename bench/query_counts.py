"""SQL queries per public page type on the demo content, with 5 and with 50 extra articles.

Uses the test settings and a throwaway SQLite database (or DATABASE_URL when set), so it
never touches the development database.
"""

import os
import sys
from datetime import date, timedelta

from _django import setup_django  # bench/ is on sys.path when a script runs


def main():
    setup_django("bench")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticlePage, SectionPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))
    section = SectionPage.objects.get(slug="core-concepts")
    seed = ArticlePage.objects.get(slug="what-is-a-foundation-model")
    client = Client()
    urls = {
        "home": "/",
        "section": section.url,
        "article (seed)": seed.url,
        "tag": "/tags/fundamentals/",
        "search": "/search/?q=model",
        "feed": "/feed.xml",
        "sitemap": "/sitemap.xml",
    }

    def measure():
        counts = {}
        for name, url in urls.items():
            client.get(url)  # warm: first-use rows such as site settings are created here
            with CaptureQueriesContext(connection) as ctx:
                status = client.get(url).status_code
            assert status == 200, (url, status)
            counts[name] = len(ctx.captured_queries)
        return counts

    def add_articles(n, start):
        for i in range(start, start + n):
            article = ArticlePage(
                title=f"Bench article {i}",
                slug=f"bench-article-{i}",
                standfirst="A filler article for the query-count benchmark.",
                first_published=date(2025, 1, 1) + timedelta(days=i),
                body=[("paragraph", "<p>Filler text about models.</p>")],
            )
            section.add_child(instance=article)
            article.tags.add("fundamentals")
            article.save_revision().publish()

    add_articles(5, 0)
    with_5 = measure()
    add_articles(45, 5)
    with_50 = measure()
    print(f"{'page':<16}{'+5 articles':>12}{'+50 articles':>14}")
    for name in urls:
        print(f"{name:<16}{with_5[name]:>12}{with_50[name]:>14}")
    grew = [n for n in urls if with_50[n] != with_5[n]]
    print(
        f"{'FAIL' if grew else 'PASS'}  queries per page type the same at +5 and +50 articles"
        + (f" (grew: {', '.join(grew)})" if grew else "")
    )
    if grew:
        sys.exit(1)


if __name__ == "__main__":
    main()
