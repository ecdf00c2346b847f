"""Article models, split by concept: pages, authors, paging and site settings. The fact
registry the tables read (foundation models, organisations, modalities, sources) is
directory.models."""

from .authors import Author, AuthorKind  # noqa: F401
from .pages import (  # noqa: F401
    ArticlePage,
    ArticleTag,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
    live_articles,
    reading_minutes,
    table_of_contents,
)
from .paging import page_of_listing, paginate  # noqa: F401
from .settings import SiteSettings  # noqa: F401
