"""The snippet edit view for the fact registry: publishing a change that live articles show
asks first, naming the articles and the changes, and takes a new "facts checked on" date."""

from datetime import date

from django import forms
from wagtail.snippets.views.snippets import EditView

from articles.models import FoundationModel

from .changes import describe_edit
from .recording import record_fact_edit


class CheckDateForm(forms.Form):
    """The confirmation step's own fields, posted with the snippet's form."""

    facts_checked_on = forms.DateField(
        label="Facts checked on",
        # The browser's own date control: no script, and the value posts as YYYY-MM-DD.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day someone checked the changed facts against their sources.",
    )
    facts_change_seen = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def for_edit(cls, data, edit):
        """Bound to the posted answer when it was given for exactly this change (the same
        articles and new values); otherwise a fresh question, dated today."""
        if data.get("facts_change_seen") == edit.signature:
            return cls(data)
        return cls(initial={"facts_checked_on": date.today(), "facts_change_seen": edit.signature})

    def confirmed_date(self):
        return self.cleaned_data["facts_checked_on"] if self.is_bound and self.is_valid() else None


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
