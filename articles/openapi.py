"""The API's OpenAPI 3 description, written as data and served at ``/api/v2/openapi.json``.

Hand-written rather than generated: Wagtail's viewsets describe themselves to no schema
generator, and what a client may rely on (public pages only, JSON errors, the table shapes
of articles/blocks/api_json.py) is a promise we state, not something to infer. The
property-based test in tests/api/test_openapi_fuzz.py holds the endpoints to it. The
servers entry is SITE_BASE_URL, the address every ``detail_url`` in the answers uses.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control

from .api_pages import MAX_OFFSET, MAX_SEARCH_LENGTH, MAX_VALUE_LENGTH, content_language_codes

JSON = "application/json"
LIMIT_MAX = 20  # Wagtail's default WAGTAILAPI_LIMIT_MAX


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description, schema):
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _query(name, description, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string", "maxLength": MAX_VALUE_LENGTH},
    }


PAGE_REF = {"anyOf": [{"type": "integer", "minimum": 1}, {"const": "root"}]}
SLUG = {"type": "string", "pattern": r"^[-a-z0-9]{1,80}$"}
PK = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647},
}
PAGING = [
    _query("limit", "Items per page.", {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX}),
    _query("offset", "Items to skip.", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
    _query("fields", "Fields to add (title,body), remove (-title) or all (*)."),
    _query("order", "A field to sort by, '-' first to reverse, or 'random'."),
    _query(
        "search",
        "Words to search for (results are never cached).",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
    ),
]
ERRORS = {
    "400": _json("A bad parameter: unknown, out of range or malformed.", _ref("Error")),
    "404": _json("Nothing public with that id.", _ref("Error")),
}
ITEM_META = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {"type": ["string", "null"]},
        "download_url": {"type": "string"},
        "slug": {"type": "string"},
        "first_published_at": {"type": ["string", "null"]},
        "locale": {"type": "string", "description": "The page's language, as ?locale= takes it."},
    },
}
ITEM = {
    "type": "object",
    "required": ["id", "meta"],
    "properties": {"id": {"type": "integer"}, "meta": ITEM_META, "title": {"type": "string"}},
}
SOURCE = {
    "type": "object",
    "required": ["fact", "title", "url", "accessed"],
    "properties": {
        "fact": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "accessed": {"type": ["string", "null"], "format": "date"},
    },
}
MODEL_TABLE = {
    "type": "object",
    "description": "A model comparison: every cell a fact from the column registry.",
    "required": ["caption", "as_of", "columns", "rows"],
    "properties": {
        "caption": {"type": "string"},
        "as_of": {"type": ["string", "null"], "format": "date"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "label", "type"],
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "type": {"enum": ["text", "list", "number", "date", "boolean"]},
                    "unit": {"type": ["string", "null"]},
                },
            },
        },
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["model", "checked", "cells"],
                "properties": {
                    "checked": {"type": ["string", "null"], "format": "date"},
                    "cells": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["column", "value", "display", "sources"],
                            "properties": {"sources": {"type": "array", "items": SOURCE}},
                        },
                    },
                },
            },
        },
    },
}
CONCEPT_GRID = {
    "type": "object",
    "required": ["caption", "aspect_heading", "columns", "rows"],
    "properties": {
        "caption": {"type": "string"},
        "aspect_heading": {"type": "string"},
        "columns": {"type": "array", "items": {"type": "string"}},
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["aspect", "cells"],
                "properties": {
                    "aspect": {"type": "string"},
                    "cells": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _listing(description):
    return {
        "type": "object",
        "description": description,
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": {"type": "integer", "minimum": 0}},
            },
            "items": {"type": "array", "items": ITEM},
        },
    }


def _endpoint(tag, noun, extra_params=()):
    listing = {
        "get": {
            "tags": [tag],
            "summary": f"Public {noun}",
            "parameters": [*PAGING, *extra_params],
            "responses": {"200": _json(f"A page of {noun}.", _listing(noun)), **ERRORS},
        }
    }
    detail = {
        "get": {
            "tags": [tag],
            "summary": f"One of the public {noun}",
            "parameters": [PK, _query("fields", "Fields to add or remove.")],
            "responses": {"200": _json(f"One of the {noun}.", _ref("Detail")), **ERRORS},
        }
    }
    return listing, detail


PAGE_FILTERS = [
    _query("type", "A page type, such as articles.ArticlePage."),
    _query("child_of", "A page id, or 'root': that page's children only.", PAGE_REF),
    _query("descendant_of", "A page id, or 'root': pages under it only.", PAGE_REF),
    _query("section", "A section's slug: its articles only.", SLUG),
    _query("tag", "A tag's slug: articles with that tag only.", SLUG),
    _query("author", "An author's slug: their articles only.", SLUG),
]


def locale_filter():
    codes = content_language_codes()
    return _query(
        "locale",
        f"A language ({', '.join(codes)}): its pages only. Without it, pages of every "
        "language are listed, each with its meta.locale; any other code is a 400.",
        {"enum": codes},
    )


def description():
    pages, page = _endpoint("pages", "pages", [*PAGE_FILTERS, locale_filter()])
    images, image = _endpoint("images", "images")
    documents, document = _endpoint("documents", "documents")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AsterMind Learn API",
            "version": "2",
            "description": "Live, public pages of the site in every language (articles "
            "with their bodies as structured JSON; ?locale= picks one language), and public "
            "images and documents. Read-only.",
        },
        "servers": [{"url": settings.SITE_BASE_URL}],
        "paths": {
            "/api/v2/pages/": pages,
            "/api/v2/pages/{id}/": page,
            "/api/v2/images/": images,
            "/api/v2/images/{id}/": image,
            "/api/v2/documents/": documents,
            "/api/v2/documents/{id}/": document,
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {"message": {"type": "string"}},
                },
                "Detail": {
                    "type": "object",
                    "required": ["id", "meta"],
                    "properties": {
                        "id": {"type": "integer"},
                        "meta": ITEM_META,
                        "body": {"type": "array", "items": _ref("Block")},
                    },
                },
                "Block": {
                    "type": "object",
                    "required": ["type", "value", "id"],
                    "properties": {"type": {"type": "string"}, "id": {"type": "string"}},
                    "allOf": [
                        {
                            "if": {"properties": {"type": {"const": "model_table"}}},
                            "then": {"properties": {"value": MODEL_TABLE}},
                        },
                        {
                            "if": {"properties": {"type": {"const": "concept_table"}}},
                            "then": {"properties": {"value": CONCEPT_GRID}},
                        },
                    ],
                },
            }
        },
    }


def openapi_json(request):
    response = JsonResponse(description(), json_dumps_params={"indent": 1})
    patch_cache_control(response, public=True, max_age=3600)
    return response
