"""Related reading: articles sharing the most tags, then the newest, at the end of an article."""

import re
from datetime import date

import pytest
from taggit.models import Tag

from articles.related import related_articles
from tests.articles.test_query_counts import MAX_QUERIES
from tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def shelf(home, section):
    techniques = SectionPageFactory(parent=home, title="Techniques", slug="techniques")

    def article(slug, tags, first, parent=section, live=True):
        page = ArticlePageFactory(
            parent=parent, title=slug.title(), slug=slug, first_published=first, live=live
        )
        page.tags.add(*tags)
        if live:
            page.save_revision().publish()
        else:
            page.save_revision()
        return page

    return {
        "subject": article("subject", ["llms", "edge", "rag"], date(2025, 1, 1)),
        "three": article("three", ["llms", "edge", "rag"], date(2023, 1, 1)),
        "two": article("two", ["llms", "edge"], date(2024, 1, 1), parent=techniques),
        "one-new": article("one-new", ["rag"], date(2025, 6, 1)),
        "one-old": article("one-old", ["llms"], date(2022, 1, 1)),
        "none": article("none", ["other"], date(2026, 1, 1)),
        "draft": article("draft", ["llms", "edge", "rag"], date(2026, 1, 1), live=False),
    }


def titles(pages):
    return [page.title for page in pages]


def test_most_shared_tags_first_then_newest_never_itself_at_most_three(shelf):
    assert titles(related_articles(shelf["subject"])) == ["Three", "Two", "One-New"]


def test_related_list_carries_each_articles_section(shelf):
    sections = {page.title: page.section.title for page in related_articles(shelf["subject"])}
    assert sections == {"Three": "Core Concepts", "Two": "Techniques", "One-New": "Core Concepts"}


def test_an_article_without_tags_has_no_related_reading(section):
    assert related_articles(ArticlePageFactory(parent=section)) == []


def related_section(html):
    found = re.search(r'<section class="related".*?</section>', html, re.S)
    return found.group(0) if found else None


def test_the_article_page_ends_with_links_to_them(client, shelf):
    html = client.get("/core-concepts/subject/").content.decode()
    aside = related_section(html)
    assert html.index("</article>") < html.index('<section class="related"')
    links = re.findall(r'<a class="related-title" href="([^"]+)">([^<]+)</a>', aside)
    assert links == [
        ("/core-concepts/three/", "Three"),
        ("/techniques/two/", "Two"),
        ("/core-concepts/one-new/", "One-New"),
    ]
    assert '<time datetime="2024-01-01">1 January 2024</time>' in aside
    for href, _ in links:
        assert client.get(href).status_code == 200


def test_no_related_section_when_nothing_shares_a_tag(client, shelf):
    assert related_section(client.get("/core-concepts/none/").content.decode()) is None


def test_another_articles_publish_or_unpublish_shows_at_once(client, shelf):
    url = "/core-concepts/subject/"
    client.get(url)  # the rendered list is now in the render cache
    two = shelf["two"]
    two.title = "Two, Retitled"
    two.save_revision().publish()
    assert "Two, Retitled" in related_section(client.get(url).content.decode())
    shelf["three"].unpublish()
    aside = related_section(client.get(url).content.decode())
    assert "Three" not in aside and "One-Old" in aside


def test_a_new_article_sharing_tags_appears_at_once(client, shelf, section):
    url = "/core-concepts/subject/"
    client.get(url)
    newcomer = ArticlePageFactory(
        parent=section, title="Newcomer", slug="newcomer", first_published=date(2026, 2, 1)
    )
    newcomer.tags.add("llms", "edge", "rag")
    newcomer.save_revision().publish()
    assert titles_in(client.get(url).content.decode())[0] == "Newcomer"


def test_deleting_a_shared_tag_shows_at_once(client, shelf):
    url = "/core-concepts/subject/"
    assert titles_in(client.get(url).content.decode()) == ["Three", "Two", "One-New"]
    Tag.objects.get(slug="rag").delete()  # One-New shared only "rag"; Three ties with Two
    assert titles_in(client.get(url).content.decode()) == ["Two", "Three", "One-Old"]


def titles_in(html):
    return re.findall(r'<a class="related-title" href="[^"]+">([^<]+)</a>', related_section(html))


def test_the_article_with_related_reading_stays_within_its_query_bound(
    client, shelf, django_assert_max_num_queries
):
    url = "/core-concepts/subject/"
    client.get(url)
    # The article bound of tests/articles/test_query_counts.py.
    with django_assert_max_num_queries(MAX_QUERIES["article"]):
        assert client.get(url).status_code == 200


def test_an_article_in_further_reading_is_not_listed_again(client, shelf):
    """The two lists at the end never repeat each other: the editor's picks stay in *Further
    reading*, and the tag-chosen list moves on to the next article."""
    subject = shelf["subject"]
    subject.further_reading = [{"type": "article", "value": {"page": shelf["three"].pk}}]
    subject.save_revision().publish()
    html = client.get("/core-concepts/subject/").content.decode()
    further = re.search(r'<aside class="further-reading".*?</aside>', html, re.S).group(0)
    assert 'href="/core-concepts/three/"' in further
    assert titles_in(html) == ["Two", "One-New", "One-Old"]


def test_the_tag_chosen_list_is_headed_by_its_topics(client, shelf):
    html = client.get("/core-concepts/subject/").content.decode()
    heading = re.search(r'<h2 id="related-heading">([^<]+)</h2>', related_section(html))
    # Tag names in the site's style (articles/tags.py), in the article's tag order.
    names = [tag.name for tag in shelf["subject"].tags.all()]
    assert sorted(names) == ["Edge", "Llms", "Rag"]
    assert heading.group(1) == f"More on {names[0]}, {names[1]} and {names[2]}"
    assert "Related reading" not in html and "Further reading" not in related_section(html)
