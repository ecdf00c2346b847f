"""Article models, split by concept: pages and settings here, the fact registry beside them."""

from ..facts import ParameterStatus  # noqa: F401
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
from .registry import (  # noqa: F401
    FoundationModel,
    FoundationModelSource,
    Modality,
    Organisation,
)
