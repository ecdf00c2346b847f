"""Refuse a NUL byte in the path (404) or the query string (400) before anything reads it.

No text column can hold NUL on PostgreSQL: a `%00` in a tag slug, a filter, a search term, a
page number or an admin filter reaches a query and raises DataError (a 500), while SQLite
quietly answers 404. No real link carries one, so refusing it once, here, covers every view
(and Wagtail's redirect look-up on 404s) on every database.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control


def nul_status(request):
    """404 for a NUL in the path (no page has that name), 400 for one in a parameter."""
    if "\x00" in request.path_info:
        return 404
    query = request.META.get("QUERY_STRING", "")
    return 400 if b"\x00" in unquote_to_bytes(query.replace("+", " ")) else None


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if status := nul_status(request):
            what = "address" if status == 404 else "query string"
            message = f"The {what} contains a NUL byte."
            if request.path_info.startswith("/api/"):
                # The API answers every error as JSON (articles/openapi.py).
                response = JsonResponse({"message": message}, status=status)
            else:
                response = HttpResponse(
                    message + "\n", status=status, content_type="text/plain; charset=utf-8"
                )
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)
