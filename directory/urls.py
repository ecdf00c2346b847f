"""/models/: the directory, its downloads, comparison and feed; the fixed names come before
the model slugs so that no model can hide them."""

from django.urls import path

from . import views
from .feeds import ModelChangesFeed

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("download.csv", views.download_csv, name="csv"),
    path("download.json", views.download_json, name="json"),
    path("changes.xml", ModelChangesFeed(), name="changes"),
    path("compare/", views.compare, name="compare"),
    path("<slug:slug>/", views.detail, name="detail"),
]
