"""The site's read-only JSON API (Wagtail API v2): one router for every endpoint.

Pages, images and documents are served by api_pages.py (and described by openapi.py); the
fact registry's endpoint is the registry's own (directory/api.py).
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from directory.api import FoundationModelAPIViewSet

from .api_pages import (
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)
from .openapi import openapi_json

api_router = WagtailAPIRouter("wagtailapi")
# The description of the endpoints below (articles/openapi.py), beside them.
openapi_urls = [path("openapi.json", openapi_json, name="api_openapi")]
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("foundation-models", FoundationModelAPIViewSet)
