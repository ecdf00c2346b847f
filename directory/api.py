"""Read-only JSON API for the fact registry, in Wagtail API v2 style.

Wagtail's API has no snippet endpoint, so this is a BaseAPIViewSet of our own. Each
model's fields are the column registry's machine values, the same ones the table
downloads carry. The site's API router (articles/api.py) serves it at
``/api/v2/foundation-models/`` beside the pages, images and documents.
"""

import re

from django.urls import path
from rest_framework import serializers
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet

from .columns import COLUMN_LIST, machine_record, source_record
from .models import FoundationModel

# The type API clients have read since the registry lived in articles; kept as they know it.
API_TYPE = "articles.FoundationModel"
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,120}$")
# Wagtail passes ?offset= straight to the database, which cannot hold a huge integer.
MAX_OFFSET = 1_000_000
# Orderings offered by ?order=; a leading "-" reverses them.
ORDERINGS = {
    "name": ("name",),
    "developer": ("developer__name", "name"),
    "release_date": ("release_date", "name"),
    "parameters": ("max_parameters_billions", "name"),
    "as_of": ("as_of", "name"),
}


class FoundationModelSerializer(serializers.BaseSerializer):
    def to_representation(self, instance):
        request = self.context["request"]
        detail_url = get_object_detail_url(
            request.wagtailapi_router, request, FoundationModel, instance.pk
        )
        return {
            "id": instance.pk,
            "meta": {"type": API_TYPE, "detail_url": detail_url},
            "slug": instance.slug,
            **machine_record(instance),
            "sources": [source_record(s) for s in instance.sources.all()],
        }


class FoundationModelAPIViewSet(BaseAPIViewSet):
    """``/api/v2/foundation-models/``: published models, filterable by developer and modality."""

    name = "foundation-models"
    model = FoundationModel
    base_serializer_class = FoundationModelSerializer
    filter_params = frozenset(["developer", "modality", "open_weights"])
    known_query_parameters = frozenset(["limit", "offset", "order", "format", "_"]) | filter_params
    body_fields = ["id", "slug", *(column.key for column in COLUMN_LIST), "sources"]
    listing_default_fields = body_fields

    def get_queryset(self):
        return FoundationModel.objects.published().for_tables().order_by("name", "pk")

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: "
                + ", ".join(sorted(unknown))
            )
        offset = self.request.GET.get("offset", "")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")

    def filter_queryset(self, queryset):
        params = self.request.GET
        for name in ("developer", "modality"):
            if name in params:
                value = params[name]
                if not SLUG_RE.match(value):
                    raise BadRequestError(f"{name} must be a slug, such as 'openai' or 'text'")
                # One slug matches at most one modality, so this join cannot repeat a model.
                lookup = "developer__slug" if name == "developer" else "modalities__slug"
                queryset = queryset.filter(**{lookup: value})
        if "open_weights" in params:
            flag = params["open_weights"].lower()
            if flag not in ("true", "false"):
                raise BadRequestError("open_weights must be true or false")
            queryset = queryset.filter(open_weights=flag == "true")
        if "order" in params:
            order = params["order"]
            fields = ORDERINGS.get(order.removeprefix("-"))
            if fields is None:
                raise BadRequestError(
                    "order must be one of: " + ", ".join(sorted(ORDERINGS)) + " (- reverses)"
                )
            if order.startswith("-"):
                fields = tuple(f"-{f}" for f in fields)
            queryset = queryset.order_by(*fields, "pk")
        return queryset

    def get_serializer_class(self):
        return FoundationModelSerializer

    def get_serializer_context(self):
        return {"request": self.request, "view": self}

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
