"""Fact checking in the admin: the registry's snippet screens (viewsets.py) and the redirects
from their old addresses (moved_urls.py), the dashboard panels and their "Mark as re-checked"
URL, the stale-facts warning on an article's edit view, and the log action that records
published fact changes."""

from django.contrib import messages
from django.urls import path
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from articles.models import ArticlePage

from .conf import settings
from .dashboard import dashboard_panels, day, model_edit_url
from .moved_urls import moved_snippet_urls
from .recheck import mark_rechecked_view
from .recording import FACTS_CHANGED
from .review import stale_models_on
from .viewsets import ModelFactsGroup

register_snippet(ModelFactsGroup)


@hooks.register("register_admin_urls")
def register_recheck_url():
    return [
        path(
            "factcheck/models/<int:pk>/rechecked/",
            mark_rechecked_view,
            name="factcheck_mark_rechecked",
        ),
        *moved_snippet_urls(),
    ]


@hooks.register("construct_homepage_panels")
def add_fact_panels(request, panels):
    panels.extend(dashboard_panels(request.user))


def stale_facts_warning(models):
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a> (checked {})',
        ((model_edit_url(m.pk), m.name, day(m.as_of)) for m in models),
    )
    return format_html(
        "This article's tables show facts last checked more than {} days ago: {}. "
        "Check them against their sources before you publish.",
        settings.FACTCHECK_REVIEW_AFTER_DAYS,
        links,
    )


@hooks.register("before_edit_page")
def warn_about_stale_facts(request, page):
    # Only when the editor opens the page: a save redirects back here and warns again.
    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return None
    stale = list(stale_models_on(page))
    if stale:
        messages.warning(request, stale_facts_warning(stale))
    return None


class FactChangeFormatter(LogFormatter):
    """How the History view words a published fact change."""

    label = "Change facts"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        changes = "; ".join(
            f"{c.get('label')}: {c.get('old')} → {c.get('new')}" for c in data.get("changes", [])
        )
        text = f"Changed {changes}" if changes else "Changed facts"
        if data.get("rechecked"):
            text = f"Marked as re-checked ({changes})"
        if articles := data.get("articles"):
            text += f"; shown on {len(articles)} live article{'s' if len(articles) != 1 else ''}"
        if data.get("checked_on"):
            text += f"; facts checked on {data['checked_on']}"
        return text


@hooks.register("register_log_actions")
def register_fact_log_actions(actions):
    actions.register_action(FACTS_CHANGED)(FactChangeFormatter)
