import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from astermind_site.csp import app_sources, inline_hashes, merge

logger = logging.getLogger(__name__)


def is_admin_path(path):
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with our additions on public pages: the site's inline-block hashes and what
    each app adds through the hook in astermind_site/csp.py (the consent boot script's hash,
    the analytics provider's origins, the video players), and a looser policy
    (settings.ADMIN_CSP_DIRECTIVES) for the Wagtail admin and its page previews, whose own
    scripts and framing need it.

    It sits inside the page cache's storing middleware, so a stored page keeps the policy
    it was rendered with; a page-cache hit already carries it and is passed on untouched.
    That is safe because the policy depends only on the site's analytics settings (through
    the consent app's part), and saving those purges every cached page (pagecache/signals.py).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        # Wagtail renders a preview through a dummy request for the page's own path; it is
        # shown in an iframe of the admin, to editors only, and is never cached.
        preview = getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)
        if preview or is_admin_path(request.path_info):
            return PolicyParts(config=dict(settings.ADMIN_CSP_DIRECTIVES), nonce=None)
        additions = [inline_hashes(), parts.update or {}]
        additions += [sources(request, response) for sources in app_sources()]
        parts.update = merge(*additions)
        parts.nonce = None  # never per-request nonces: cached pages are shared by everyone
        return parts

    def process_response(self, request, response):
        if "Content-Security-Policy" in response:
            return response  # a page-cache hit, stored with the policy it was rendered with
        response = super().process_response(request, response)
        if "Content-Security-Policy" in response:
            response.setdefault("Reporting-Endpoints", settings.CSP_REPORTING_ENDPOINTS)
        return response
