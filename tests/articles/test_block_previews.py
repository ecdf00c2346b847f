"""Every article body block shows an icon, a label and, where it has one, a preview."""

import pytest

from articles.blocks import ArticleBodyBlock, FurtherReadingBlock

BODY_BLOCKS = ArticleBodyBlock().child_blocks
READING_BLOCKS = FurtherReadingBlock().child_blocks


@pytest.mark.parametrize("name", sorted({**BODY_BLOCKS, **READING_BLOCKS}))
def test_block_has_icon_label_and_template(name):
    block = {**BODY_BLOCKS, **READING_BLOCKS}[name]
    assert block.meta.icon and block.meta.icon != "placeholder", name
    assert block.label, name
    assert block.meta.template, name


@pytest.mark.parametrize("name", sorted(n for n, b in BODY_BLOCKS.items() if b.is_previewable))
def test_block_preview_renders_in_the_admin(admin_client, name):
    block = BODY_BLOCKS[name]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/site.css" in html
    assert f"block-{name}" in html


def test_most_body_blocks_offer_a_preview():
    previewable = {n for n, b in BODY_BLOCKS.items() if b.is_previewable}
    # The image block shows a stored image, so a fixed preview value cannot stand in for it;
    # the model table previews the newest published models (tests/articles/test_table_block*).
    assert previewable == set(BODY_BLOCKS) - {"image"}
