"""The JSON API's URLs (api.py: the router and the OpenAPI description), included by the
root URLconf under ``api/v2/`` by name, so the site package imports no app."""

from django.urls import path

from .api import api_router, openapi_urls

urlpatterns = [*openapi_urls, path("", api_router.urls)]
