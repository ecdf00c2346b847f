"""Recording a published fact change: a log entry on the snippet, and for a developer or
modality a new check date on each model whose facts it changed."""

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
