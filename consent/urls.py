"""Consent routes. Ours come before django-cookie-consent's so our views write the records."""

from django.urls import include, path

urlpatterns = [
    path("cookies/", include("cookie_consent.urls")),
]
