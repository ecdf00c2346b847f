"""Admin addresses from before the registry moved from ``articles`` to ``directory``.

Wagtail names a snippet's admin URLs by its app (``/admin/snippets/<app>/<model>/…``), so the
registry's screens moved with its models. Editors' bookmarks and links pasted into notes still
name ``articles``: each is sent, permanently, to the same screen under ``directory``, with its
query string. Registered in wagtail_hooks.py, so only signed-in admin users reach it.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import path

MOVED_MODELS = ("foundationmodel", "organisation", "modality")
OLD_PREFIX = "snippets/articles/"
NEW_PREFIX = "snippets/directory/"


def moved_snippet_view(request, model_name, rest=""):
    target = request.path.replace(f"/{OLD_PREFIX}{model_name}/", f"/{NEW_PREFIX}{model_name}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def moved_snippet_urls():
    """One pattern per moved model: its listing and everything under it."""
    patterns = []
    for model_name in MOVED_MODELS:
        base = f"{OLD_PREFIX}{model_name}/"
        kwargs = {"model_name": model_name}
        patterns += [
            path(base, moved_snippet_view, kwargs),
            path(f"{base}<path:rest>", moved_snippet_view, kwargs),
        ]
    return patterns
