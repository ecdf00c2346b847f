"""The editor's dashboard panels: facts to review, their own drafts, scheduled articles,
articles due for review and recently changed facts.

Wagtail's own dashboard already lists "Your most recent edits" and moderation queues; these
panels add what it leaves out. Each is a list of rows, and a panel with no rows is not shown.
"""

from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import dateformat, timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from directory.history import recent_changes

from .conf import settings
from .recheck import can_recheck, recheck_url
from .review import articles_due_for_review, live_articles_by_model, stale_models


@dataclass
class Row:
    label: str
    url: str
    detail: str
    # Facts to review: the live articles that show the model, as (edit URL, title).
    articles: list = field(default_factory=list)
    recheck_url: str = ""  # where "Mark as re-checked" posts, for those allowed to


def model_edit_url(pk):
    return reverse("wagtailsnippets_directory_foundationmodel:edit", args=[pk])


def page_edit_url(pk):
    return reverse("wagtailadmin_pages:edit", args=[pk])


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])


def can_edit_facts(user):
    return user.has_perm("directory.change_foundationmodel")


def day(value):
    return dateformat.format(value, "j M Y")


def moment(value):
    return dateformat.format(timezone.localtime(value), "j M Y, H:i")


class ListPanel(Component):
    template_name = "factcheck/dashboard/panel.html"

    def __init__(self, panel_id, heading, rows, total, order, more_url=""):
        self.panel_id, self.heading, self.rows = panel_id, heading, rows
        self.more, self.order, self.more_url = max(total - len(rows), 0), order, more_url

    def get_context_data(self, parent_context):
        # The panel renders apart from the dashboard's request context: its forms need the
        # request's CSRF token passed on.
        request = (parent_context or {}).get("request")
        return {"panel": self, "csrf_token": get_token(request) if request else ""}

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.rows else ""


def facts_to_review(user, limit):
    models = stale_models()
    shown = list(models[:limit])
    articles = live_articles_by_model(shown)
    may_recheck = can_recheck(user)
    rows = [
        Row(
            m.name,
            model_edit_url(m.pk),
            f"{m.developer.name}; checked {day(m.as_of)}",
            articles=[(page_edit_url(pk), title) for pk, title in articles[m.pk]],
            recheck_url=recheck_url(m.pk) if may_recheck else "",
        )
        for m in shown
    ]
    # The rest in the model listing, oldest check first.
    listing = reverse("wagtailsnippets_directory_foundationmodel:list") + "?ordering=as_of"
    return ListPanel(
        "facts-to-review", "Facts to review", rows, models.count(), order=60, more_url=listing
    )


def your_drafts(user, limit):
    pages = Page.objects.filter(has_unpublished_changes=True, latest_revision__user=user)
    pages = pages.order_by("-latest_revision_created_at")
    rows = [
        Row(
            page.get_admin_display_title(),
            page_edit_url(page.pk),
            ("changes not yet published" if page.live else "not yet published")
            + f"; saved {moment(page.latest_revision_created_at)}",
        )
        for page in pages[:limit]
    ]
    return ListPanel("your-drafts", "Your drafts", rows, pages.count(), order=70)


def scheduled_articles(user, limit):
    revisions = Revision.page_revisions.filter(approved_go_live_at__isnull=False)
    editable_ids = [str(pk) for pk in editable_pages(user).values_list("pk", flat=True)]
    revisions = revisions.filter(object_id__in=editable_ids).order_by("approved_go_live_at")
    chosen = list(revisions[:limit])
    pages = Page.objects.in_bulk([int(r.object_id) for r in chosen])
    rows = [
        Row(
            pages[int(r.object_id)].get_admin_display_title(),
            page_edit_url(r.object_id),
            f"goes live {moment(r.approved_go_live_at)}",
        )
        for r in chosen
        if int(r.object_id) in pages
    ]
    return ListPanel("scheduled-articles", "Scheduled", rows, revisions.count(), order=80)


def due_for_review(user, limit):
    articles = articles_due_for_review().filter(pk__in=editable_pages(user).values("pk"))
    rows = [
        Row(
            a.title,
            page_edit_url(a.pk),
            f"last reviewed {day(a.last_reviewed)}"
            if a.last_reviewed
            else f"never reviewed; published {day(a.first_published)}",
        )
        for a in articles[:limit]
    ]
    return ListPanel("articles-due", "Articles due for review", rows, articles.count(), order=90)


def recently_changed_facts(user, limit):
    changes = recent_changes(limit)
    rows = [
        Row(c.summary, model_edit_url(c.object_id), f"published {moment(c.published_at)}")
        for c in changes
    ]
    return ListPanel("changed-facts", "Recently changed facts", rows, len(rows), order=300)


FACT_PANELS = (facts_to_review, recently_changed_facts)
PAGE_PANELS = (your_drafts, scheduled_articles, due_for_review)


def dashboard_panels(user):
    """The panels this user may act on: fact panels only for those who may edit the facts."""
    makers = PAGE_PANELS + (FACT_PANELS if can_edit_facts(user) else ())
    limit = settings.FACTCHECK_DASHBOARD_ROWS
    return [make(user, limit) for make in makers]
