"""Tags show as editors typed them ("Edge AI"), never as their slugs ("edge-ai")."""

import pytest

from tests.factories import ArticlePageFactory


@pytest.fixture
def tagged(section):
    article = ArticlePageFactory(parent=section, title="Small models", slug="small-models")
    article.tags.add("Edge AI", "LLMs")
    article.save_revision().publish()
    return article


def test_article_card_section_filter_and_tag_page_use_the_typed_names(client, tagged):
    article = client.get(tagged.url).content.decode()
    assert '<a href="/tags/edge-ai/">Edge AI</a>' in article
    assert '<a href="/tags/llms/">LLMs</a>' in article
    assert '<meta property="article:tag" content="Edge AI">' in article
    section = client.get("/core-concepts/").content.decode()
    assert '<a href="?tag=edge-ai">Edge AI</a>' in section
    assert '<a href="/tags/edge-ai/">Edge AI</a>' in section  # the card
    tag_page = client.get("/tags/edge-ai/").content.decode()
    assert "<title>Tagged “Edge AI” · " in tag_page
    assert "<h1>Articles tagged “Edge AI”</h1>" in tag_page
    for html in (article, section, tag_page):
        assert ">edge-ai<" not in html
