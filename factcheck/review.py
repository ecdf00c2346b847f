"""What is due for review: facts checked too long ago, articles not reviewed for as long, and
the live articles whose tables show stale facts."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Coalesce
from wagtail.models import Page, ReferenceIndex

from articles.models import ArticlePage
from directory.models import FoundationModel

from .conf import settings


def review_cutoff(today=None):
    """Anything last checked before this date is due for another look."""
    return (today or date.today()) - timedelta(days=settings.FACTCHECK_REVIEW_AFTER_DAYS)


def stale_models(today=None):
    """Published models whose facts were last checked before the cutoff, oldest check first."""
    return (
        FoundationModel.objects.published()
        .filter(as_of__lt=review_cutoff(today))
        .select_related("developer")
        .order_by("as_of", "name")
    )


def articles_due_for_review(today=None):
    """Live articles last reviewed before the cutoff; one never reviewed counts from the day it
    was first published, so a new article is not due on its first day."""
    return (
        ArticlePage.objects.live()
        .annotate(reviewed_on=Coalesce("last_reviewed", "first_published"))
        .filter(reviewed_on__lt=review_cutoff(today))
        .order_by("reviewed_on", "title")
    )


def models_shown_on(page):
    """The foundation models a page's content points at (Wagtail's reference index)."""
    model_ids = (
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=ContentType.objects.get_for_model(FoundationModel))
        .values_list("to_object_id", flat=True)
    )
    return FoundationModel.objects.filter(pk__in=[int(pk) for pk in model_ids])


def stale_models_on(page, today=None):
    """Published models shown on the page whose facts are due for review."""
    return stale_models(today).filter(pk__in=models_shown_on(page).values("pk"))


def live_articles_by_model(models):
    """{model pk: [(page pk, title), …]} for the live pages showing each model, by title; two
    queries however many models."""
    models = list(models)
    page_type = ContentType.objects.get_for_model(Page)
    references = (
        ReferenceIndex.get_references_to_in_bulk(models)
        .filter(base_content_type=page_type)
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    pairs = [(int(model_id), int(page_id)) for model_id, page_id in references]
    titles = dict(
        Page.objects.live()
        .filter(pk__in={page_id for _, page_id in pairs})
        .values_list("pk", "title")
    )
    shown = {model.pk: [] for model in models}
    for model_id, page_id in pairs:
        if page_id in titles and model_id in shown:
            shown[model_id].append((page_id, titles[page_id]))
    return {pk: sorted(set(pages), key=lambda page: page[1]) for pk, pages in shown.items()}
