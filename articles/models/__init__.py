"""Article models, split by concept: pages, authors and site settings, and the fact registry
beside them (organisations, modalities, foundation models and their sources)."""

from ..facts import ParameterStatus  # noqa: F401
from .authors import Author, AuthorKind  # noqa: F401
from .foundation_models import FoundationModel  # noqa: F401
from .modalities import Modality  # noqa: F401
from .organisations import Organisation  # noqa: F401
from .pages import (  # noqa: F401
    ArticlePage,
    ArticleTag,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
    live_articles,
    paginate,
    reading_minutes,
    table_of_contents,
)
from .settings import SiteSettings  # noqa: F401
from .sources import FoundationModelSource  # noqa: F401
