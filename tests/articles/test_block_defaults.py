"""What a newly added block holds when it opens in the editor: the concept table's empty
headings must be empty boxes, not the word "None"."""

from wagtail.blocks.stream_block import StreamBlockAdapter

from articles.blocks import ArticleBodyBlock, ConceptComparisonBlock


def test_a_new_concept_table_opens_with_empty_headings_and_cells():
    block = ConceptComparisonBlock()
    grid = block.get_form_state(block.get_default())["grid"]
    assert grid == {"corner": "Aspect", "columns": [""], "rows": [{"aspect": "", "cells": [""]}]}


def test_the_editor_is_sent_an_empty_first_heading_for_a_new_concept_table():
    # The default form state of each block, as the stream field hands it to the browser.
    _, _, defaults, _ = StreamBlockAdapter().js_args(ArticleBodyBlock())
    assert defaults["concept_table"]["grid"]["columns"] == [""]


def test_the_add_article_page_has_no_none_heading(admin_client, section):
    response = admin_client.get(f"/admin/pages/add/articles/articlepage/{section.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&quot;columns&quot;: [&quot;&quot;]" in html
    assert "&quot;columns&quot;: [&quot;None&quot;]" not in html
