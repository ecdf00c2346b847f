"""Whether a request wants a JSON answer instead of an HTML page.

One rule for every view that answers both ways (consent/views.py's choice errors,
views/errors.py's 503): the caller decides what each answer says.
"""


def wants_json(request):
    """JSON for the API's paths, for scripts that say so (X-Requested-With, as the consent
    banner's fetch and libraries such as htmx do) and for clients that prefer JSON to HTML
    in their Accept header; HTML otherwise, including for `*/*` and no Accept at all."""
    if request.path.startswith("/api/") or request.headers.get("X-Requested-With"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"
