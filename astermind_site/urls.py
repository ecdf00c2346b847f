from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from astermind_site.views.csp_report import csp_report
from astermind_site.views.documents import authenticate_with_password, serve_document
from astermind_site.views.healthz import healthz
from astermind_site.views.icons import favicon
from astermind_site.views.media import media_file

# A database outage is a 503 page (or JSON) with Retry-After, not a 500.
handler500 = "astermind_site.views.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path(settings.CSP_REPORT_PATH.strip("/") + "/", csp_report, name="csp_report"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs (same names, so Document.url still reverses them), each
    # answer marked private or public by its collection's view restrictions.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("", include("articles.urls")),
    path("models/", include("directory.urls")),
    path("api/v2/", include("articles.api_urls")),
    path("", include("consent.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.+)$", media_file, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
