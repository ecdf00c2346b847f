"""The article body: every block family an editor can add, in chooser order."""

from wagtail import blocks

from .embed import VideoEmbedBlock
from .media import FigureBlock
from .tables import ConceptComparisonBlock, ModelComparisonTableBlock
from .text import PARAGRAPH_FEATURES, CalloutBlock, ListBlock, QuoteBlock, SectionHeadingBlock


class ArticleBodyBlock(blocks.StreamBlock):
    heading = SectionHeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label="Paragraph",
        template="articles/blocks/paragraph.html",
        preview_value="<p>Foundation models learn general patterns first.</p>",
        description="Running text with bold, italic, links, code and simple lists.",
    )
    list = ListBlock()
    callout = CalloutBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    video = VideoEmbedBlock()
    model_table = ModelComparisonTableBlock()
    concept_table = ConceptComparisonBlock()
