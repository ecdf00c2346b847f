"""The page's language comes from its URL and nothing else.

Django's LocaleMiddleware asks the visitor: for a path outside ``i18n_patterns`` it reads the
language cookie and ``Accept-Language``, and on every unprefixed response it adds
``Vary: Accept-Language``. Either would split the page cache and Varnish into a copy per
browser language (pagecache/rules.py refuses to share a response that varies on more than
Cookie and Accept-Encoding) or, worse, let one visitor's language decide what everyone else
is served. Here ``/de/…`` is German and every other path is the default language, whoever
asks; the routes themselves live in astermind_site/urls.py (``i18n_patterns`` without a
prefix for the default language, so English URLs are where they always were).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_for_path(path_info):
    """The language a path is in: its prefix's, else the default language."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


class PathOnlyLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware without negotiation: no cookie, no Accept-Language, no redirect to a
    prefixed URL, no Vary. ``Content-Language`` still says which language was served."""

    def process_request(self, request):
        translation.activate(language_for_path(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
