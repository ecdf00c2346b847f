from tests.factories import ArticlePageFactory


def test_article_renders_with_heading_anchor(client, section):
    article = ArticlePageFactory(parent=section, title="Smoke", slug="smoke")
    response = client.get(article.url)
    assert response.status_code == 200
    assert b'id="first-part"' in response.content
