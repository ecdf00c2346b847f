"""The confirmation step's own fields, posted with the snippet's form: the new check date, and
for a foundation model whether its sources still support the new values, with an optional new
source that joins the model's inline sources (the view's get_form_kwargs puts it there)."""

from datetime import date

from django import forms
from django.utils.dateformat import format as format_date

from directory.columns import COLUMN_LIST
from directory.facts import Fact

SOURCES_HOLD, ADD_SOURCE = "hold", "add"
SOURCES = "sources"  # the inline formset's prefix on the model's form
SOURCE_FIELDS = ("fact", "title", "url", "accessed")


class CheckDateForm(forms.Form):
    facts_checked_on = forms.DateField(
        label="Facts checked on",
        # The browser's own date control: no script, and the value posts as YYYY-MM-DD.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day someone checked the changed facts against their sources.",
    )
    facts_change_seen = forms.CharField(widget=forms.HiddenInput)
    sources_support = forms.ChoiceField(
        label="Do the sources still support the new values?",
        choices=[
            (SOURCES_HOLD, "Yes: the sources listed above support the new values"),
            (ADD_SOURCE, "No, or not all of them: add a source for the new value"),
        ],
        widget=forms.RadioSelect,
    )
    new_source_fact = forms.ChoiceField(
        label="Fact the source supports", choices=Fact.choices, required=False
    )
    new_source_title = forms.CharField(label="Source title", max_length=200, required=False)
    new_source_url = forms.URLField(
        label="Source URL", max_length=500, required=False, assume_scheme="https"
    )
    new_source_accessed = forms.DateField(
        label="Accessed on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )

    def __init__(self, *args, asks_about_sources=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not asks_about_sources:
            for name in list(self.fields):
                if name.startswith(("sources_", "new_source_")):
                    del self.fields[name]

    @classmethod
    def for_edit(cls, data, edit):
        """Bound to the posted answer when it was given for exactly this change (the same
        articles and new values); otherwise a fresh question, dated with the check date the
        editor typed, or today."""
        asks = edit.asks_about_sources
        if data.get("facts_change_seen") == edit.signature:
            return cls(data, asks_about_sources=asks)
        moved = edit.check_date.new if edit.check_date is not None else None
        facts = [fact for change in edit.fact_changes for fact in change_facts(change)]
        initial = {
            "facts_checked_on": moved or date.today(),
            "facts_change_seen": edit.signature,
            "new_source_fact": facts[0] if facts else Fact.GENERAL,
            "new_source_accessed": date.today(),
        }
        return cls(initial=initial, asks_about_sources=asks)

    def clean_facts_checked_on(self):
        checked_on = self.cleaned_data["facts_checked_on"]
        if checked_on > date.today():
            raise forms.ValidationError(
                f"Facts can't have been checked in the future; today is "
                f"{format_date(date.today(), 'j F Y')}."
            )
        return checked_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sources_support") == ADD_SOURCE:
            for name in ("new_source_title", "new_source_url"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "Give the new source's title and URL, or answer Yes.")
        return cleaned

    def confirmed_date(self):
        return self.cleaned_data["facts_checked_on"] if self.is_bound and self.is_valid() else None

    def new_source(self):
        """The source to add, as inline-form values, when the answer is valid and asks for one."""
        if "sources_support" not in self.fields or not self.is_valid():
            return None
        if self.cleaned_data["sources_support"] != ADD_SOURCE:
            return None
        accessed = self.cleaned_data["new_source_accessed"] or date.today()
        return {
            "fact": self.cleaned_data["new_source_fact"] or Fact.GENERAL,
            "title": self.cleaned_data["new_source_title"],
            "url": self.cleaned_data["new_source_url"],
            "accessed": accessed.isoformat(),
        }


# A model's changes are named by their column's label; each column knows the facts it shows.
FACTS_BY_LABEL = {column.label: column.facts for column in COLUMN_LIST}


def change_facts(change):
    """The kinds of fact a changed column is sourced as."""
    return list(FACTS_BY_LABEL.get(change.label, ()))


def with_new_source(data):
    """The posted data with the confirmation step's new source as one more inline source."""
    source = CheckDateForm(data).new_source()
    total_key = f"{SOURCES}-TOTAL_FORMS"
    if source is None or total_key not in data:
        return data
    data = data.copy()
    index = int(data[total_key])
    for name in SOURCE_FIELDS:
        data[f"{SOURCES}-{index}-{name}"] = source[name]
    data[f"{SOURCES}-{index}-id"] = ""
    data[f"{SOURCES}-{index}-ORDER"] = str(index + 1)
    data[total_key] = str(index + 1)
    return data
