"""``/api/v2/pages/``, ``/api/v2/images/`` and ``/api/v2/documents/``: Wagtail's API v2 for
the published site, public content only.

Every answer is the same for every visitor, so the page cache (pagecache/) may keep it and
purge.py purges it with the pages it shows: the pages are live and under no view
restriction at all (not "none this visitor fails"), images and documents are outside any
restricted collection (and the collections under it). Article bodies come out as
structured JSON through the blocks' ``get_api_representation`` (articles/blocks/api_json.py).
Pages of every language are listed (each names its ``meta.locale``), as Wagtail's own base
queryset does with i18n on; ``?locale=`` narrows them to one of the site's languages.

Bad input is a 400 with a JSON ``message`` (Wagtail's BadRequestError), never a 500: the
checks Wagtail leaves to the database (a huge offset, an endless search) are made here.
Only the JSON renderer is offered, so a response never varies on ``Accept``.
"""

import re

from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.coreutils import get_content_languages
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, Page, Site

from .models import ArticlePage, SectionPage
from .search import search_terms

# Wagtail passes ?offset= straight to the database, which cannot hold a huge integer.
MAX_OFFSET = 1_000_000
MAX_SEARCH_LENGTH = 200
MAX_VALUE_LENGTH = 255
SLUG_RE = re.compile(r"^[-\w]{1,255}$")
ARTICLE_FILTERS = ("section", "tag", "author")


class PublicAPIMixin:
    """Query checks shared by the three endpoints; the listing and detail routes only."""

    renderer_classes = [JSONRenderer]

    def check_query_parameters(self, queryset):
        params = self.request.GET
        for name in params:
            if any(len(value) > MAX_VALUE_LENGTH for value in params.getlist(name)):
                raise BadRequestError(f"{name} is too long")
        if len(params.get("search", "")) > MAX_SEARCH_LENGTH:
            raise BadRequestError(f"search is limited to {MAX_SEARCH_LENGTH} characters")
        offset = params.get("offset", "")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        if "search" in params:
            self.search_words_only()
        super().check_query_parameters(queryset)

    def search_words_only(self):
        """Wagtail's search filter hands ?search= to the backend as query syntax: a lone
        quote (``search="``) reaches SQLite's FTS5 as an unterminated string and the
        database refuses it. Only its words are searched, as on the site's search page."""
        request = self.request._request
        request.GET = request.GET.copy()
        request.GET["search"] = search_terms(request.GET["search"])

    def detail_view(self, request, pk):
        # Listing and detail check the same parameters (Wagtail checks only listings').
        self.check_query_parameters(self.get_queryset())
        return super().detail_view(request, pk)

    @classmethod
    def get_urlpatterns(cls):
        # No find view: it routes a path through the page tree, which the listing's
        # filters already cover, and every route here is in the OpenAPI description.
        kept = ("listing", "detail")
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


def _slug(params, name):
    value = params[name]
    if not SLUG_RE.match(value):
        raise BadRequestError(f"{name} must be a slug, such as 'core-concepts'")
    return value


def content_language_codes():
    """The codes ``?locale=`` takes: the site's content languages (``meta.locale``)."""
    return list(get_content_languages())


class ContentLanguageFilter(BaseFilterBackend):
    """``?locale=``: one language's pages. Wagtail's LocaleFilter answers a code it has no
    Locale row for with a 404; here a code that is not one of the site's languages is a 400
    naming them, and a language with no pages yet is simply an empty listing."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = request.GET["locale"]
        codes = content_language_codes()
        if code not in codes:
            raise BadRequestError(f"locale must be one of: {', '.join(codes)}")
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale__language_code=code)
        if child_of:
            queryset._filtered_by_child_of = child_of  # child_of's ordering, as Wagtail keeps
        return queryset


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Live, public pages of the requested site; ``section``, ``tag`` and ``author`` (slugs)
    narrow the listing to articles."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(ARTICLE_FILTERS)
    filter_backends = [
        ContentLanguageFilter if backend is LocaleFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        # The site's root page and its translations: each language's tree (/de/ is the
        # German home's, beside the English one under Wagtail's root).
        in_site = Q(pk__in=[])
        for root in site.root_page.get_translations(inclusive=True):
            in_site |= Q(path__startswith=root.path, depth__gte=root.depth)
        return (
            Page.objects.live()
            .public()
            .filter(in_site)
            .select_related("locale")  # meta.locale of every page (WAGTAIL_I18N_ENABLED)
            .order_by("path")
        )

    def filter_queryset(self, queryset):
        params = self.request.GET
        if any(name in params for name in ARTICLE_FILTERS):
            articles = ArticlePage.objects.live().public()
            if "section" in params:
                sections = SectionPage.objects.live().public().filter(slug=_slug(params, "section"))
                within = Q(pk__in=[])
                for section in sections:
                    within |= Q(path__startswith=section.path, depth=section.depth + 1)
                articles = articles.filter(within)
            if "tag" in params:
                articles = articles.filter(tags__slug=_slug(params, "tag"))
            if "author" in params:
                articles = articles.filter(author__slug=_slug(params, "author"))
            queryset = queryset.filter(pk__in=articles.values("pk"))
        return super().filter_queryset(queryset)


def restricted_collections():
    """Every collection under a view restriction, and the collections under those."""
    paths = Collection.objects.filter(view_restrictions__isnull=False).values_list(
        "path", flat=True
    )
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(path__startswith=path)
    return Collection.objects.filter(within).values("pk")


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return self.model.objects.exclude(collection__in=restricted_collections()).order_by("id")


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return self.model.objects.exclude(collection__in=restricted_collections()).order_by("id")
