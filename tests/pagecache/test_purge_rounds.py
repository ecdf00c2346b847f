"""One purge per change, counted in rounds (pagecache/batch.py): how many batches reach the
app's page cache and how many HTTP PURGEs reach a Varnish stand-in, on real commits.

Before batching, publishing a live article from the admin made 4 rounds (23 PURGEs: Wagtail's
own handler, the save, the publish, the tag) and renaming a developer of 3 models made 4
(70 PURGEs). Now each change is one batch, and each URL in it one PURGE.
"""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.signal_handlers import page_published_signal_handler
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from astermind_site.frontend_cache import send_purges
from astermind_site.scheduled import queue_next_run
from directory.models import Modality
from pagecache.models import PurgeToken
from pagecache.signals import page_changed
from pagecache.tokens import digest
from tests.factories import ArticlePageFactory, AuthorFactory
from tests.table_factories import FoundationModelFactory, OrganisationFactory, model_table, publish
from tests.tasks import queued, run_queued_tasks

from .recorder import BATCHES, varnish_recorder

ROOT = "http://localhost"
ARTICLE = f"{ROOT}/core-concepts/scaling/"
# The sitemap index and each sitemap it names (articles/sitemaps.py).
SITEMAPS = {f"{ROOT}/sitemap{kind}.xml" for kind in ("", "-pages", "-authors", "-models")}
ARTICLE_AND_LISTINGS = {
    ARTICLE,
    f"{ROOT}/",
    f"{ROOT}/core-concepts/",
    f"{ROOT}/feeds/sections/core-concepts.xml",
    f"{ROOT}/tags/fundamentals/",
    f"{ROOT}/tags/fundamentals/feed.xml",
    f"{ROOT}/authors/ada-lovelace/",
    f"{ROOT}/feed.xml",
    *SITEMAPS,
    f"{ROOT}/api/v2/pages/",
}
DIRECTORY = {f"{ROOT}/models/{p}" for p in ("", "download.csv", "download.json", "changes.xml")}
DIRECTORY |= {f"{ROOT}/models/compare/"}


def in_both_languages(urls):
    """The directory exists in English and German: a fact change purges both copies."""
    return set(urls) | {url.replace(f"{ROOT}/", f"{ROOT}/de/", 1) for url in urls}


real_commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def rounds(settings):
    """Every purge goes to the counting page cache and, over HTTP, to a Varnish stand-in;
    yields the PURGE requests it received (the batches are recorder.BATCHES)."""
    settings.PAGE_CACHE_ENABLED = True
    with varnish_recorder() as (location, received):
        settings.WAGTAILFRONTENDCACHE = {
            "pagecache": {"BACKEND": "tests.pagecache.recorder.CountingPageCacheBackend"},
            "proxy0": {
                "BACKEND": "astermind_site.frontend_cache.VarnishBackend",
                "LOCATION": location,
                "PURGE_TOKEN": "t" * 32,
            },
        }
        BATCHES.clear()
        yield received
        BATCHES.clear()


def start_counting(received):
    run_queued_tasks()  # what the fixtures queued reaches the stand-in first
    BATCHES.clear()
    received.clear()


def purges_of(batch):
    """The PURGE requests one batch makes: one per URL, to its path, with the page's host."""
    return sorted(("PURGE", urlsplit(url).netloc, urlsplit(url).path) for url in batch)


def shown(article):
    """The article, its listings and its entry in the pages API."""
    return ARTICLE_AND_LISTINGS | {f"{ROOT}/api/v2/pages/{article.pk}/"}


def author_changed(article):
    """What an edit of the article's author shows: the article's, and the author's page in
    German too (author pages exist in every language)."""
    return shown(article) | {f"{ROOT}/de/authors/ada-lovelace/"}


def assert_one_round(received, expected_urls):
    """One batch to the page cache at once; one queued task for the proxy, which sends
    nothing while the editor waits and one PURGE per URL when the worker runs it
    (astermind_site/frontend_cache.py)."""
    assert len(BATCHES) == 1
    assert set(BATCHES[0]) == expected_urls
    [(args, _)] = [(call["args"], call["kwargs"]) for call in queued(send_purges)]
    assert sorted(args[1]) == sorted(expected_urls)
    assert received == []
    run_queued_tasks()
    assert sorted(received) == purges_of(expected_urls)


@pytest.fixture
def article(section):
    author = AuthorFactory(name="Ada Lovelace", slug="ada-lovelace")
    page = ArticlePageFactory(parent=section, title="Scaling laws", slug="scaling", author=author)
    page.tags.add("fundamentals")
    page.save_revision().publish()
    return page


def article_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "standfirst": "What the reader learns, in a sentence.",
            "first_published": page.first_published.isoformat(),
            "tags": "fundamentals",
            "author": page.author_id,
            "body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))]),
            "further_reading": streamfield([]),
            "action-publish": "1",
            **changes,
        }
    )


@real_commits
def test_publishing_an_article_in_the_admin_is_one_round(admin_client, article, rounds):
    start_counting(rounds)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = admin_client.post(edit, article_form(article, title="Scaling laws, revisited"))
    assert response.status_code == 302
    assert_one_round(rounds, shown(article))
    assert len(rounds) == 14


@real_commits
def test_publishing_in_one_transaction_from_code_is_one_round(article, rounds):
    start_counting(rounds)
    article.title = "Scaling laws, revisited"
    with transaction.atomic():
        article.save_revision().publish()
    assert_one_round(rounds, shown(article))


@pytest.fixture
def developer_of_three(section):
    """Google, developer of three published models, all in one live article's table."""
    google = OrganisationFactory(name="Google", slug="google")
    models = [
        publish(FoundationModelFactory(name=name, slug=slug, developer=google))
        for name, slug in (("PaLM 2", "palm-2"), ("Gemini", "gemini"), ("Gemma", "gemma"))
    ]
    table = model_table(models, columns=["developer", "modalities", "parameters"], block_id="t")
    author = AuthorFactory(name="Alan Turing", slug="alan-turing")
    body = json.dumps([table])
    page = ArticlePageFactory(parent=section, title="Zoo", slug="zoo", body=body, author=author)
    page.save_revision().publish()
    return google, page


def confirm(client, url, data):
    """The fact-check step: the first post asks, the second confirms with a check date."""
    asked = client.post(url, data)
    assert asked.status_code == 200 and len(BATCHES) == 0  # asking changes nothing
    check = asked.context["check_form"]
    answer = {
        "facts_change_seen": check["facts_change_seen"].value(),
        "facts_checked_on": "2026-11-20",
    }
    return client.post(url, {**data, **answer})


ZOO_AND_LISTINGS = {
    f"{ROOT}/core-concepts/zoo/",
    f"{ROOT}/core-concepts/zoo/tables/t/csv/",
    f"{ROOT}/core-concepts/zoo/tables/t/json/",
    f"{ROOT}/authors/alan-turing/",
    f"{ROOT}/",
    f"{ROOT}/core-concepts/",
    f"{ROOT}/feeds/sections/core-concepts.xml",
    f"{ROOT}/feed.xml",
    *SITEMAPS,
    f"{ROOT}/api/v2/pages/",
    *in_both_languages(
        {*DIRECTORY, *(f"{ROOT}/models/{slug}/" for slug in ("palm-2", "gemini", "gemma"))}
    ),
}


@real_commits
def test_renaming_a_developer_of_three_models_is_one_round(
    admin_client, developer_of_three, rounds
):
    """The organisation is published and each of its three models republished with the new
    check date: before, four rounds (70 PURGEs); now one."""
    google, page = developer_of_three
    start_counting(rounds)
    url = f"/admin/snippets/directory/organisation/edit/{google.pk}/"
    data = {"name": "Google DeepMind", "slug": "google", "website": "", "action-publish": "1"}
    assert confirm(admin_client, url, data).status_code == 302
    assert_one_round(rounds, ZOO_AND_LISTINGS | {f"{ROOT}/api/v2/pages/{page.pk}/"})
    assert len(rounds) == 30


@real_commits
def test_renaming_a_modality_of_three_models_is_one_round(admin_client, developer_of_three, rounds):
    _, page = developer_of_three
    text = Modality.objects.get(slug="text")
    start_counting(rounds)
    url = f"/admin/snippets/directory/modality/edit/{text.pk}/"
    data = {"name": "written text", "slug": "text", "sort_order": text.sort_order}
    assert confirm(admin_client, url, {**data, "action-edit": "1"}).status_code == 302
    assert_one_round(rounds, ZOO_AND_LISTINGS | {f"{ROOT}/api/v2/pages/{page.pk}/"})


class Abandoned(Exception):
    pass


def purge_tokens():
    return dict(PurgeToken.objects.values_list("path_digest", "token"))


@real_commits
def test_a_change_that_rolls_back_purges_nothing(article, rounds):
    """The outermost transaction really rolls back: its tokens go with it, no batch is sent,
    and the next change's batch holds only its own URLs."""
    author = article.author
    start_counting(rounds)
    before = purge_tokens()
    with pytest.raises(Abandoned), transaction.atomic():
        author.name, author.slug = "Grace Hopper", "grace-hopper"
        author.save()
        assert purge_tokens() != before  # written inside the transaction...
        raise Abandoned
    assert purge_tokens() == before  # ...and undone with it
    assert BATCHES == [] and rounds == []
    author.refresh_from_db()
    with transaction.atomic():
        author.name = "Ada King"
        author.save()
    assert_one_round(rounds, author_changed(article))


@real_commits
def test_nested_atomic_blocks_are_one_round(article, rounds):
    start_counting(rounds)
    with transaction.atomic():
        author = article.author
        author.name = "Ada King"
        author.save()
        with transaction.atomic():
            article.title = "Scaling laws, revisited"
            article.save_revision().publish()
            with transaction.atomic():
                model = FoundationModelFactory(name="PaLM 2", slug="palm-2")
                publish(model)
        assert BATCHES == []  # nothing before the outermost block commits
    directory = in_both_languages(DIRECTORY | {f"{ROOT}/models/palm-2/"})
    assert_one_round(rounds, author_changed(article) | directory)


@real_commits
def test_a_savepoint_that_rolls_back_leaves_its_urls_out_of_the_batch(article, rounds):
    start_counting(rounds)
    with transaction.atomic():
        author = article.author
        author.name = "Ada King"
        author.save()
        with pytest.raises(Abandoned), transaction.atomic():
            publish(FoundationModelFactory(name="PaLM 2", slug="palm-2"))
            raise Abandoned
    assert_one_round(rounds, author_changed(article))


@real_commits
def test_a_change_outside_any_transaction_is_purged_at_once(article, rounds):
    start_counting(rounds)
    author = article.author
    author.name = "Ada King"
    author.save()  # autocommit: already committed
    assert_one_round(rounds, author_changed(article))


def test_wagtails_own_purge_on_publish_is_disconnected(db):
    """signals.py owns page purges: Wagtail's handler would purge the page alone, before the
    commit (its app must come before pagecache in INSTALLED_APPS for that)."""
    receivers = page_published._live_receivers(ArticlePage)[0]
    assert page_changed in receivers
    assert page_published_signal_handler not in receivers


@real_commits
def test_a_token_rolled_back_with_a_savepoint_is_written_again_by_the_next_change(article, rounds):
    """A path's new token is written once per transaction (the first change that purges it),
    unless the savepoint that wrote it rolled back: then the next change writes it again, so
    the change still commits with a new token (tokens.py)."""
    article_path = digest("/core-concepts/scaling/")
    before = purge_tokens()
    author = article.author
    with transaction.atomic():
        with pytest.raises(Abandoned), transaction.atomic():
            author.name = "Grace Hopper"
            author.save()
            raise Abandoned
        assert purge_tokens()[article_path] == before[article_path]
        author.name = "Ada King"
        author.save()
        inside = purge_tokens()[article_path]
        assert inside != before[article_path]
        author.name = "Ada, Countess of Lovelace"
        author.save()  # the same paths again, in the same transaction: not written twice
        assert purge_tokens()[article_path] == inside


@real_commits
def test_a_scheduled_publish_run_by_the_worker_is_one_round(article, rounds):
    """Wagtail's publish_scheduled saves the page (a transaction of its own) and then sends
    page_published outside it: two rounds of the same 14 URLs (28 PURGEs) per page until
    each publish became one transaction (astermind_site/management/commands/)."""
    start_counting(rounds)
    article.title = "Scaling laws, revisited"
    article.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    assert BATCHES == []  # a scheduled revision shows nothing yet
    queue_next_run(delay=0)  # what `manage.py run_worker` does when it starts
    run_queued_tasks()  # the scheduled run, then the PURGEs it queued on commit
    assert len(BATCHES) == 1
    assert set(BATCHES[0]) == shown(article)
    assert sorted(rounds) == purges_of(shown(article))
    assert len(rounds) == 14
    assert ArticlePage.objects.get(pk=article.pk).title == "Scaling laws, revisited"


@real_commits
def test_a_page_expiring_in_the_worker_is_one_round(article, rounds):
    ArticlePage.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    start_counting(rounds)
    queue_next_run(delay=0)
    run_queued_tasks()
    assert len(BATCHES) == 1
    assert set(BATCHES[0]) == shown(article)
    assert sorted(rounds) == purges_of(shown(article))
    assert ArticlePage.objects.get(pk=article.pk).live is False
