"""Refuse a NUL byte in the path or the query string with 400 before anything reads it.

No text column can hold NUL on PostgreSQL: a `%00` in a tag slug, a filter, a search term, a
page number or an admin filter reaches a query and raises DataError (a 500), while SQLite
quietly answers 404. No real link carries one, so refusing it once, here, covers every view
(and Wagtail's redirect look-up on 404s) on every database.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def has_nul(request):
    if "\x00" in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    return b"\x00" in unquote_to_bytes(query.replace("+", " "))


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            response = HttpResponse(
                "Bad request: the address contains a NUL byte.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)
