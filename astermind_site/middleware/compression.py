from django.conf import settings
from django.middleware.gzip import GZipMiddleware

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
    """

    def process_response(self, request, response):
        if request.path.startswith(tuple(settings.GZIP_EXCLUDED_PATH_PREFIXES)):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
