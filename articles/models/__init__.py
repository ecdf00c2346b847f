"""Article models, split by concept: pages and settings, and the fact registry beside them
(organisations, modalities, foundation models and their sources)."""

from ..facts import ParameterStatus  # noqa: F401
from .foundation_models import FoundationModel  # noqa: F401
from .modalities import Modality  # noqa: F401
from .organisations import Organisation  # noqa: F401
from .pages import (  # noqa: F401
    ArticlePage,
    ArticleTag,
    Author,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
    SiteSettings,
    live_articles,
    paginate,
    reading_minutes,
    table_of_contents,
)
from .sources import FoundationModelSource  # noqa: F401
