from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from articles.api import api_router, openapi_urls
from articles.urls import crawler_urlpatterns
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
    *crawler_urlpatterns,
    path("api/v2/", include(openapi_urls)),
    path("api/v2/", api_router.urls),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.+)$", media_file, name="media")]

# What a reader sees, in each language: English where it always was, German under /de/
# (astermind_site/settings/i18n.py; the prefix alone picks the language,
# middleware/locale.py). Any other prefix (/fr/) falls through to Wagtail's page route
# and finds no page: a 404.
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("models/", include("directory.urls")),
    path("", include("consent.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
