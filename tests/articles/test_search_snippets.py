"""Search results name their section and date and show, highlighted, where the words matched."""

import re
from datetime import date

import pytest

from articles.search import body_text, highlight, search_terms
from tests.factories import ArticlePageFactory, SectionPageFactory


def test_matches_are_marked_after_escaping():
    html = highlight("Models <b>&</b> their <script>alert(1)</script> modelling", "models")
    assert str(html) == (
        "<mark>Models</mark> &lt;b&gt;&amp;&lt;/b&gt; their "
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>modelling</mark>"
    )


def test_a_query_cannot_inject_markup_or_regex():
    terms = search_terms('<mark onclick="x">( .* [ \\')
    assert terms == "mark onclick x"
    html = str(highlight("a <b>mark</b> onclick", terms))
    assert html == "a &lt;b&gt;<mark>mark</mark>&lt;/b&gt; <mark>onclick</mark>"
    # Raw regex syntax is matched literally, never compiled as a pattern.
    assert highlight("cost (.*) here", "(.*) [") is None
    assert str(highlight("a.b and aab", "a.b")) == "<mark>a.b</mark> and aab"


def test_short_words_match_whole_words_only():
    assert str(highlight("AI is not an aim", "ai")) == "<mark>AI</mark> is not an aim"
    assert highlight("nothing here", "zebra") is None


def test_a_long_text_is_cut_around_the_first_match_at_word_boundaries():
    text = " ".join(f"word{i}" for i in range(200)) + " transformer " + "tail " * 100
    html = str(highlight(text, "transformers", length=80))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>transformer</mark>" in html
    inner = html[2:-2]
    assert len(re.sub(r"</?mark>", "", inner)) <= 80
    assert not re.search(r"\bord\d", inner)  # no word cut in half at the start


def test_body_text_reads_prose_lists_callouts_and_quotes_not_settings():
    stream = [
        {"type": "heading", "value": {"heading": "Start", "level": "h2", "anchor": "s"}},
        {"type": "paragraph", "value": "<p>Plain <b>bold</b> words.</p>"},
        {"type": "list", "value": {"style": "bulleted", "items": ["<p>one</p>", "<p>two</p>"]}},
        {"type": "callout", "value": {"tone": "warning", "title": "Mind", "text": "<p>this</p>"}},
    ]
    assert body_text(stream) == "Start Plain bold words. one two Mind this"


@pytest.fixture
def results_scene(home, section):
    techniques = SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    body = [
        ("heading", {"heading": "Why it matters", "level": "h2", "anchor": ""}),
        ("paragraph", "<p>Retrieval lets a <i>language model</i> look facts up first.</p>"),
    ]
    rag = ArticlePageFactory(
        parent=techniques,
        title="Grounded answers",
        slug="rag",
        standfirst="How answers stay current.",
        body=body,
        first_published=date(2025, 2, 3),
    )
    rag.save_revision().publish()
    seed = ArticlePageFactory(
        parent=section,
        title="Foundation models",
        slug="foundation-models",
        standfirst="One big model <adapted> to many tasks.",
        first_published=date(2024, 3, 5),
    )
    seed.save_revision().publish()
    return {"rag": rag, "seed": seed}


def result_items(html):
    return re.findall(r'<li class="search-result">(.*?)</li>', html, re.S)


def test_results_show_section_date_and_a_snippet_from_the_body(client, results_scene):
    response = client.get("/search/", {"q": "retrieval"})
    assert response.status_code == 200
    (item,) = result_items(response.content.decode())
    assert '<a href="/techniques/">Techniques</a>' in item
    assert '<time datetime="2025-02-03">3 February 2025</time>' in item
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', item, re.S).group(1)
    assert snippet.startswith("… ") or snippet.startswith("Why it matters")
    assert "<mark>Retrieval</mark> lets a language model look facts up first." in snippet


def test_a_match_in_the_standfirst_is_shown_from_the_standfirst(client, results_scene):
    html = client.get("/search/", {"q": "tasks"}).content.decode()
    (item,) = result_items(html)
    assert '<a href="/core-concepts/">Core Concepts</a>' in item
    # The editor's angle brackets are text, escaped once, never markup.
    assert "One big model &lt;adapted&gt; to many <mark>tasks</mark>." in item


def test_the_query_in_the_page_is_escaped(client, results_scene):
    html = client.get("/search/", {"q": "<retrieval>"}).content.decode()
    assert "<retrieval>" not in html
    assert "&lt;retrieval&gt;" in html
    assert "<mark>Retrieval</mark>" in html


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": "model", "page": "abc"}, 200),
        ({"q": "model", "page": "99999999999999999999"}, 200),
        ({"q": "model\x00"}, 400),
        ({"q": "%%%"}, 200),
    ],
)
def test_bad_input_is_never_a_server_error(client, results_scene, params, status):
    assert client.get("/search/", params).status_code == status


def test_search_results_take_a_bounded_number_of_queries(
    client, results_scene, section, django_assert_max_num_queries
):
    for i in range(12):
        ArticlePageFactory(parent=section, title=f"Model {i}", standfirst="A model.")
    client.get("/search/", {"q": "model"})
    with django_assert_max_num_queries(7):
        assert client.get("/search/", {"q": "model"}).status_code == 200
