"""Recording a published fact change: a log entry on the snippet, and for a developer or
modality a new check date on each model whose facts it changed. Marking a model re-checked
from the dashboard is recorded the same way, as a change of its check date."""

from django.utils.dateformat import format as format_date
from wagtail.log_actions import log

FACTS_CHANGED = "factcheck.facts_changed"


def renew_check_date(model, checked_on, user):
    """Publish the model again with a new check date. A draft in progress stays the latest
    revision, with the new date too, so publishing it later keeps the date."""
    draft = None
    if model.has_unpublished_changes and model.latest_revision_id:
        draft = model.latest_revision.as_object()
    model.as_of = checked_on
    model.save_revision(user=user, clean=False).publish(user=user)
    if draft is not None:
        draft.as_of = checked_on
        draft.save_revision(user=user, clean=False)


def record_fact_edit(edit, user, checked_on):
    """Log the change on the snippet; renew the check date of the models it reaches."""
    log(edit.instance, FACTS_CHANGED, user=user, data=edit.as_log_data(checked_on))
    if checked_on is None:
        return
    for model in edit.related_models:
        renew_check_date(model, checked_on, user)


def mark_rechecked(model, user, checked_on, articles):
    """Someone checked the model's facts again on ``checked_on`` and found them right: the
    model gets that check date, and the log says who, when and which articles show it."""
    old = model.as_of
    renew_check_date(model, checked_on, user)
    data = {
        "checked_on": checked_on.isoformat(),
        "rechecked": True,
        "articles": [{"id": pk, "title": title} for pk, title in articles],
        "changes": [
            {
                "label": "Facts checked on",
                "old": format_date(old, "j F Y") if old else "",
                "new": format_date(checked_on, "j F Y"),
                "sources": [],
            }
        ],
    }
    log(model, FACTS_CHANGED, user=user, data=data)
