"""The dashboard's "Mark as re-checked" button: a POST (CSRF-checked by Django's middleware)
from someone who may change and publish foundation models. recording.py records it; the
dashboard panel (dashboard.py) offers it beside each model whose facts are due for review."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_POST

from directory.models import FoundationModel

from .recording import mark_rechecked
from .review import live_articles_by_model

RECHECK_PERMISSIONS = ("directory.change_foundationmodel", "directory.publish_foundationmodel")


def can_recheck(user):
    return user.has_perms(RECHECK_PERMISSIONS)


def recheck_url(pk):
    return reverse("factcheck_mark_rechecked", args=[pk])


@require_POST
def mark_rechecked_view(request, pk):
    if not can_recheck(request.user):
        raise PermissionDenied
    model = get_object_or_404(FoundationModel.objects.published(), pk=pk)
    today = date.today()
    articles = live_articles_by_model([model])[model.pk]
    mark_rechecked(model, request.user, today, articles)
    messages.success(
        request, f"{model.name}: facts marked as re-checked on {format_date(today, 'j F Y')}."
    )
    return redirect("wagtailadmin_home")
