from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from astermind_site.accept_encoding import accepts_gzip

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/javascript",
    "image/svg+xml",
)


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip public responses only.

    Compression next to a secret and attacker-chosen text leaks the secret (BREACH). Public
    pages for visitors without a session hold no secret; the admin and anything answered to
    a signed-in visitor (CSRF tokens, personal data) stay uncompressed.

    Whether the client takes gzip is read with its weights (accept_encoding.py): Django's
    own check sees only the word, so `gzip;q=0` would be gzipped.
    """

    def process_response(self, request, response):
        if request.path.startswith(tuple(settings.GZIP_EXCLUDED_PATH_PREFIXES)):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE):
            return response
        if not accepts_gzip(request.headers.get("Accept-Encoding", "")):
            # Still the answer for this Accept-Encoding only: a cache must not give it to a
            # client that asked for gzip, nor a gzipped copy to this one.
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
