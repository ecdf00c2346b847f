"""StreamField blocks for article bodies, one module per block family.

Each block names its icon, label and template so editors recognise it in the chooser and
the front end renders it the same way everywhere. Models and migrations import blocks from
here, so these names stay put whichever module defines them.
"""

from .body import ArticleBodyBlock
from .media import FigureBlock
from .model_choice import FoundationModelsBlock, TableColumnsBlock
from .reading import ExternalReadingBlock, FurtherReadingBlock, InternalReadingBlock
from .tables import (
    ConceptComparisonBlock,
    ConceptRowBlock,
    FoundationModelChooserBlock,
    ModelComparisonTableBlock,
)
from .text import CalloutBlock, ListBlock, QuoteBlock, SectionHeadingBlock, anchor_for

__all__ = [
    "ArticleBodyBlock",
    "CalloutBlock",
    "ConceptComparisonBlock",
    "ConceptRowBlock",
    "ExternalReadingBlock",
    "FigureBlock",
    "FoundationModelChooserBlock",
    "FoundationModelsBlock",
    "FurtherReadingBlock",
    "InternalReadingBlock",
    "ListBlock",
    "ModelComparisonTableBlock",
    "QuoteBlock",
    "SectionHeadingBlock",
    "TableColumnsBlock",
    "anchor_for",
]
