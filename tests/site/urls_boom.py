"""The site's URLs plus views that fail on purpose, for the error-handling tests."""

from django.db import OperationalError
from django.urls import path

from astermind_site.urls import handler500  # noqa: F401
from astermind_site.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("boom: something broke")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 port 6399 failed")


urlpatterns = [
    path("boom/", boom),
    path("database-gone/", database_gone),
    *site_urlpatterns,
]
