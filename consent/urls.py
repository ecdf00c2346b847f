"""Consent routes. Ours come before django-cookie-consent's so our views write the records;
its accept/decline paths are shadowed here, leaving only its read-only status view."""

from django.urls import include, path

from . import views
from .log import views as log_views

urlpatterns = [
    path("cookies/", views.cookie_policy, name="consent_policy"),
    path("cookies/accept/", views.choose, {"action": "accept"}, name="consent_accept"),
    path("cookies/decline/", views.choose, {"action": "decline"}, name="consent_decline"),
    path(
        "cookies/preferences/",
        views.choose,
        {"action": "preferences"},
        name="consent_preferences",
    ),
    path("cookies/gpc/", views.choose, {"action": "gpc"}, name="consent_gpc"),
    path("cookies/receipt/", views.my_receipt, name="consent_receipt"),
    path("cookies/state.css", views.state_css, name="consent_state_css"),
    path("cookies/state.json", views.state_json, name="consent_state_json"),
    path("analytics/collect/", views.analytics_collect, name="analytics_collect"),
    path("cookies/log/checkpoint/", log_views.latest, name="consent_log_latest"),
    path("cookies/log/checkpoint/<int:size>/", log_views.by_size, name="consent_log_checkpoint"),
    path("cookies/log/key/", log_views.public_key, name="consent_log_key"),
    path("cookies/", include("cookie_consent.urls")),
]
