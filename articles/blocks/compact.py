"""Compact editing forms for the prose blocks an article uses most (section headings, lists):
their fields share a line, rarely used ones fold into the block's settings (Wagtail's own
``form_layout`` settings area), and static/articles_admin/prose-blocks.css lays them out.

The stylesheet travels with the blocks' telepath adapter, so it reaches every editor that
shows these blocks and no other admin screen.
"""

from django import forms
from django.utils.functional import cached_property
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter


class CompactStructBlockAdapter(StructBlockAdapter):
    @cached_property
    def media(self):
        return super().media + forms.Media(css={"all": ["articles_admin/prose-blocks.css"]})


def register_compact_form(block_class):
    register(CompactStructBlockAdapter(), block_class)
    return block_class
