from django.conf import settings
from django.http import HttpResponse


def body_limit(path):
    admin = path.startswith(tuple(settings.GZIP_EXCLUDED_PATH_PREFIXES))
    return settings.ADMIN_MAX_REQUEST_BODY_BYTES if admin else settings.MAX_REQUEST_BODY_BYTES


class RequestBodyLimitMiddleware:
    """Refuse a declared body over the limit with 413 before anything reads it.

    Django itself only objects once a view reads the body; a page view never does, so
    without this a 50 MB POST to an article would be read off the wire and answered 200.
    The admin gets a larger allowance for image and document uploads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isascii() or not declared.isdigit():
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if int(declared) > body_limit(request.path):
            return HttpResponse("Request body too large.\n", status=413, content_type="text/plain")
        return self.get_response(request)
