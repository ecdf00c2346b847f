"""The snippet edit view for the fact registry: publishing a change that live articles show
(or a check date moved back) asks first, naming the articles and the changes, takes a new
"facts checked on" date, and asks whether the sources still support the new values, with room
to add one. The question's fields are in check_form.py."""

from django.db import transaction
from wagtail.snippets.views.snippets import EditView

from directory.models import FoundationModel

from .changes import describe_edit
from .check_form import CheckDateForm, with_new_source
from .recording import record_fact_edit


def edited_instance(form):
    """The instance as the form would save it, sources and modalities included, unsaved."""
    if isinstance(form.instance, FoundationModel):
        return form.save(commit=False)
    return form.instance


class FactEditView(EditView):
    confirm_template_name = "factcheck/edit.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fact_edit, self.check_form = None, None

    def get_form_kwargs(self):
        """A source added in the confirmation step joins the model's own sources, so it is
        validated, saved and published with them."""
        kwargs = super().get_form_kwargs()
        # Not for autosave, which posts the half-answered question too: only the confirming
        # publish adds the source, once.
        if (
            kwargs.get("data") is not None
            and issubclass(self.model, FoundationModel)
            and not self.expects_json_response
        ):
            kwargs["data"] = with_new_source(kwargs["data"])
        return kwargs

    @property
    def makes_changes_live(self):
        """Publishing does; for a snippet without drafts, so does every save."""
        if self.expects_json_response:  # autosave keeps a draft
            return False
        return self.action == ("publish" if self.draftstate_enabled else "edit")

    def form_valid(self, form):
        if not self.makes_changes_live:
            return super().form_valid(form)
        live = self.model._default_manager.get(pk=self.object.pk)
        edit = describe_edit(live, edited_instance(form))
        checked_on = None
        if edit.needs_confirmation:
            check_form = CheckDateForm.for_edit(self.request.POST, edit)
            checked_on = check_form.confirmed_date()
            if checked_on is None:
                return self.ask_for_check_date(form, edit, check_form)
            if isinstance(form.instance, FoundationModel):
                form.instance.as_of = checked_on
                # What is recorded is the date given here, which may differ from the form's.
                edit = describe_edit(live, form.instance)
        # One transaction: the edit and the new check dates of the models it reaches stand or
        # fall together, and their purges go out as one batch on its commit.
        with transaction.atomic():
            response = super().form_valid(form)
            # A redirect means it was saved; anything else is the form again, with its errors.
            if edit.changes and response.status_code == 302:
                record_fact_edit(edit, self.request.user, checked_on)
        return response

    def ask_for_check_date(self, form, edit, check_form):
        self.fact_edit, self.check_form = edit, check_form
        return self.render_to_response(self.get_context_data(form=form))

    def get_template_names(self):
        if self.fact_edit is not None:
            return [self.confirm_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.fact_edit is not None:
            context.update(
                fact_edit=self.fact_edit,
                check_form=self.check_form,
                publish_action="publish" if self.draftstate_enabled else "edit",
                has_unsaved_changes=True,
            )
        return context
