"""Every change a visitor could see purges exactly the URLs that show it, on commit.

Each test warms the page cache, makes one change the way the admin does, runs the commit
callbacks, then checks the URLs a proxy was told to purge and that those pages are rendered
afresh (MISS) with the new content while an unrelated article is still a HIT.
"""

from urllib.parse import urlsplit

import pytest
from taggit.models import Tag

from articles.models import SiteSettings
from tests.factories import ArticlePageFactory, SectionPageFactory
from tests.table_factories import publish

pytestmark = pytest.mark.usefixtures("page_cache")

ROOT = "http://localhost"
# The sitemap index and each sitemap it names (each ?p= page goes with its path).
SITEMAPS = {f"{ROOT}/sitemap{kind}.xml" for kind in ("", "-pages", "-authors", "-models")}
ARTICLE = f"{ROOT}/core-concepts/foundation-models/"
EXPORTS = {f"{ARTICLE}tables/facts/csv/", f"{ARTICLE}tables/facts/json/"}
LISTINGS = {
    f"{ROOT}/",
    f"{ROOT}/core-concepts/",
    f"{ROOT}/feeds/sections/core-concepts.xml",
    f"{ROOT}/tags/fundamentals/",
    f"{ROOT}/tags/fundamentals/feed.xml",
    f"{ROOT}/authors/ada-lovelace/",
    f"{ROOT}/feed.xml",
    *SITEMAPS,
}
ARTICLE_AND_LISTINGS = {ARTICLE, *EXPORTS, *LISTINGS}
OTHER = f"{ROOT}/core-concepts/other/"
# Wagtail's redirects app creates a redirect from the old path and purges it (same PurgeBatch).
OLD_PATH_REDIRECT = f"{ROOT}/core-concepts/foundation-models"
# The model directory (issue 13) lists every model with its developer and modalities.
DIRECTORY = {
    f"{ROOT}/models/{name}"
    for name in ("", "download.csv", "download.json", "changes.xml", "compare/")
}


def directory_urls(model):
    return DIRECTORY | {f"{ROOT}/models/{model.slug}/"}


def path(url):
    return urlsplit(url).path


def warm(client, urls):
    for url in urls:
        client.get(path(url))
        assert client.get(path(url))["X-Cache"] == "HIT", url


def assert_fresh(client, urls, *expected_text):
    for url in urls:
        response = client.get(path(url))
        assert response["X-Cache"] in {"MISS", "BYPASS"}, url  # BYPASS: now a 404
        if response.status_code == 200 and url in (ARTICLE, f"{ROOT}/"):
            for text in expected_text:
                assert text in response.content.decode(), (url, text)


def assert_untouched(client):
    assert client.get(path(OTHER))["X-Cache"] == "HIT"


def test_publishing_a_page_purges_it_and_its_listings(client, scene, changed):
    warm(client, ARTICLE_AND_LISTINGS | {OTHER})
    article = scene["article"]
    article.title = "Foundation Models, Explained"
    with changed() as change:
        article.save_revision().publish()
    assert change.urls == ARTICLE_AND_LISTINGS
    api = f"{ROOT}/api/v2/pages/"
    assert change.api_urls == {api, f"{api}{scene['article'].pk}/"}
    assert_fresh(client, ARTICLE_AND_LISTINGS, "Foundation Models, Explained")
    assert "Foundation Models, Explained" in client.get("/feed.xml").content.decode()
    assert_untouched(client)


def test_a_changed_slug_or_dropped_tag_purges_the_old_url_and_tag_page(client, scene, changed):
    article = scene["article"]
    warm(client, ARTICLE_AND_LISTINGS)
    article.slug = "foundation-models-explained"
    article.tags.set(["techniques"])
    with changed() as change:
        article.save_revision().publish()
    moved = f"{ROOT}/core-concepts/foundation-models-explained/"
    assert change.urls == ARTICLE_AND_LISTINGS | {
        OLD_PATH_REDIRECT,
        moved,
        f"{moved}tables/facts/csv/",
        f"{moved}tables/facts/json/",
        f"{ROOT}/tags/techniques/",
        f"{ROOT}/tags/techniques/feed.xml",
        OTHER,  # now shares a tag, so its related reading may list this article
    }
    old = client.get(path(ARTICLE))  # no stale copy: Wagtail's redirect to the new URL
    assert old.status_code == 301 and old["Location"] == path(moved)
    tag_page = client.get("/tags/fundamentals/")
    assert tag_page["X-Cache"] == "MISS" and "What Is a Foundation" not in tag_page.content.decode()


@pytest.mark.parametrize("removal", ["unpublish", "delete"])
def test_unpublishing_or_deleting_a_page_purges_it_and_its_listings(
    client, scene, changed, removal
):
    warm(client, ARTICLE_AND_LISTINGS | {OTHER})
    with changed() as change:
        getattr(scene["article"], removal)()
    assert change.urls == ARTICLE_AND_LISTINGS
    assert client.get(path(ARTICLE)).status_code == 404
    assert "What Is a Foundation" not in client.get("/core-concepts/").content.decode()
    home = client.get("/")
    assert home["X-Cache"] == "MISS" and "What Is a Foundation" not in home.content.decode()
    assert_untouched(client)


def test_moving_a_page_purges_old_and_new_urls_and_both_sections(client, home, scene, changed):
    techniques = SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    warm(client, ARTICLE_AND_LISTINGS | {OTHER, f"{ROOT}/techniques/"})
    with changed() as change:
        scene["article"].move(techniques, pos="last-child")
    moved = f"{ROOT}/techniques/foundation-models/"
    assert change.urls == ARTICLE_AND_LISTINGS | {
        OLD_PATH_REDIRECT,
        moved,
        f"{moved}tables/facts/csv/",
        f"{moved}tables/facts/json/",
        f"{ROOT}/techniques/",
        f"{ROOT}/feeds/sections/techniques.xml",
    }
    old = client.get(path(ARTICLE))
    assert old.status_code == 301 and old["Location"] == path(moved)
    listed = client.get("/techniques/")
    assert listed["X-Cache"] == "MISS" and "What Is a Foundation" in listed.content.decode()
    assert_untouched(client)


def german(urls):
    """The German copies of routes that exist in every language (directory, tags, authors,
    feed, search): a change every language shows purges both (pagecache/purge.py). Pages
    have no German translation in these tests, so none is named."""
    return {url.replace(f"{ROOT}/", f"{ROOT}/de/", 1) for url in urls}


def everything(scene):
    per_language = directory_urls(scene["model"]) | {
        f"{ROOT}/tags/fundamentals/",
        f"{ROOT}/tags/techniques/",
        f"{ROOT}/tags/fundamentals/feed.xml",
        f"{ROOT}/tags/techniques/feed.xml",
        f"{ROOT}/authors/ada-lovelace/",
        f"{ROOT}/authors/alan-turing/",
        f"{ROOT}/feed.xml",
        f"{ROOT}/search/",
    }
    return (
        per_language
        | german(per_language)
        | {
            f"{ROOT}/",
            f"{ROOT}/core-concepts/",
            ARTICLE,
            *EXPORTS,
            OTHER,
            f"{ROOT}/tags/fundamentals/",
            f"{ROOT}/tags/techniques/",
            f"{ROOT}/tags/fundamentals/feed.xml",
            f"{ROOT}/tags/techniques/feed.xml",
            f"{ROOT}/feeds/sections/core-concepts.xml",
            f"{ROOT}/authors/ada-lovelace/",
            f"{ROOT}/authors/alan-turing/",
            f"{ROOT}/feed.xml",
            *SITEMAPS,
            f"{ROOT}/search/",
        }
    )


def test_renaming_a_section_purges_every_page_because_it_is_in_every_header(client, scene, changed):
    warm(client, everything(scene))
    section = scene["section"]
    section.title = "Key Ideas"
    with changed() as change:
        section.save_revision().publish()
    assert change.urls == everything(scene)
    for url in everything(scene):
        response = client.get(path(url))
        assert response["X-Cache"] == "MISS", url
    assert "Key Ideas" in client.get(path(OTHER)).content.decode()


def test_site_settings_purge_every_page(client, home, scene, changed):
    settings_row = SiteSettings.for_site(home.get_site())
    warm(client, everything(scene))
    settings_row.site_name = "AsterMind Learning"
    with changed() as change:
        settings_row.save()
    assert change.urls == everything(scene)
    assert "AsterMind Learning" in client.get(path(OTHER)).content.decode()


# --- snippets ---------------------------------------------------------------------------


def rename_author(scene):
    author = scene["article"].author
    author.name = "Grace Hopper"
    author.save()
    return "Grace Hopper"


def delete_author(scene):
    scene["article"].author.delete()
    return "Ada Lovelace"  # expected gone; checked below


def publish_model(scene):
    model = scene["model"]
    model.max_parameters_billions = 540
    publish(model)
    return "540B"


def unpublish_model(scene):
    scene["model"].unpublish()
    return None


def delete_model(scene):
    scene["model"].delete()
    return None


def publish_organisation(scene):
    developer = scene["model"].developer
    developer.name = "Google DeepMind"
    publish(developer)
    return "Google DeepMind"


def unpublish_organisation(scene):
    scene["model"].developer.unpublish()
    return None


def rename_tag(scene):
    tag = Tag.objects.get(slug="fundamentals")
    tag.name = "Basics"
    tag.save()
    return "Basics"


def delete_tag(scene):
    Tag.objects.get(slug="fundamentals").delete()
    return None


def rename_modality(scene):
    modality = scene["model"].modalities.get()
    modality.name = "written text"
    modality.save()
    return "Written text"  # the table capitalises the list


@pytest.mark.parametrize(
    "event",
    [
        rename_author,
        delete_author,
        publish_model,
        unpublish_model,
        delete_model,
        publish_organisation,
        unpublish_organisation,
        rename_tag,
        delete_tag,
        rename_modality,
    ],
)
def test_a_snippet_change_purges_exactly_the_pages_showing_it(client, scene, changed, event):
    warm(client, ARTICLE_AND_LISTINGS | {OTHER})
    with changed() as change:
        shown = event(scene)
    registry_events = (
        publish_model,
        unpublish_model,
        delete_model,
        publish_organisation,
        unpublish_organisation,
        rename_modality,
    )
    in_directory = directory_urls(scene["model"]) if event in registry_events else set()
    in_every_language = in_directory | {
        rename_author: {f"{ROOT}/authors/ada-lovelace/"},
        delete_author: {f"{ROOT}/authors/ada-lovelace/"},
        rename_tag: {f"{ROOT}/tags/fundamentals/", f"{ROOT}/tags/fundamentals/feed.xml"},
        delete_tag: {f"{ROOT}/tags/fundamentals/", f"{ROOT}/tags/fundamentals/feed.xml"},
    }.get(event, set())
    assert change.urls == ARTICLE_AND_LISTINGS | in_directory | german(in_every_language)
    article = client.get(path(ARTICLE))
    assert article["X-Cache"] == "MISS"
    html = article.content.decode()
    if event is delete_author:
        assert shown not in html
    elif shown is not None:
        assert shown in html
    assert_untouched(client)


def test_a_new_author_slug_purges_the_old_address_too(client, scene, changed):
    author = scene["article"].author
    old = f"{ROOT}/authors/{author.slug}/"
    warm(client, {old})
    with changed() as change:
        author.slug = "ada"
        author.save()
    assert {old, f"{ROOT}/authors/ada/"} <= change.urls
    assert client.get(path(old)).status_code == 404


def test_publishing_refreshes_its_feeds_author_page_and_the_related_reading_sharing_a_tag(
    client, scene, section, changed
):
    neighbour = ArticlePageFactory(parent=section, title="Neighbour", slug="neighbour")
    neighbour.tags.add("fundamentals")
    neighbour.save_revision().publish()
    neighbour_url = f"{ROOT}/core-concepts/neighbour/"
    feeds_and_author = {
        f"{ROOT}/feeds/sections/core-concepts.xml",
        f"{ROOT}/tags/fundamentals/feed.xml",
        f"{ROOT}/authors/ada-lovelace/",
    }
    warm(client, feeds_and_author | {neighbour_url, OTHER})
    article = scene["article"]
    article.title = "Foundation Models, Explained"
    with changed() as change:
        article.save_revision().publish()
    assert feeds_and_author | {neighbour_url} <= change.urls
    assert OTHER not in change.urls  # shares no tag
    for url in feeds_and_author | {neighbour_url}:
        response = client.get(path(url))
        assert response["X-Cache"] == "MISS", url
        assert "Foundation Models, Explained" in response.content.decode(), url
    assert_untouched(client)
