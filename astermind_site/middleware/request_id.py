import re
import uuid

from astermind_site.logs import current_request_id

HEADER = "X-Request-ID"
# A proxy's id is kept only if it is short and plain: it ends up in logs and headers.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id_from(request):
    sent = request.headers.get(HEADER, "")
    return sent if _ACCEPTABLE.match(sent) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Tag each request with an id (the proxy's X-Request-ID, or a new one), make it
    available to log records, and echo it on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response
