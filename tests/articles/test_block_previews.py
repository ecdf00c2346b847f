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


def test_every_body_block_offers_a_preview_and_a_description():
    previewable = {n for n, b in BODY_BLOCKS.items() if b.is_previewable}
    # The image block previews a drawn figure (no library image needed); the model table
    # previews the newest published models (tests/articles/test_table_block*).
    assert previewable == set(BODY_BLOCKS)
    assert all(block.get_description() for block in BODY_BLOCKS.values())


def test_the_image_preview_needs_no_library_image(admin_client, db):
    block = BODY_BLOCKS["image"]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="/static/articles_admin/figure-preview.svg"' in html
    assert "<figcaption>Parameters against release date, 2018 onwards</figcaption>" in html


def test_each_body_block_has_its_own_icon_and_the_custom_ones_are_drawn(admin_client):
    icons = [block.meta.icon for block in BODY_BLOCKS.values()]
    assert len(set(icons)) == len(icons), icons
    assert BODY_BLOCKS["callout"].meta.icon != "help"  # the question mark read as "help"
    sprite = admin_client.get("/admin/sprite/").content.decode()
    for name in icons:
        assert f'id="icon-{name}"' in sprite, name
