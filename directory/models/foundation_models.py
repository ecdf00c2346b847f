"""Foundation models: the facts a comparison table shows, each stored once.

Articles never copy these facts; comparison-table blocks point at the models and read
their published state when the page renders, so one edit reaches every article.
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from ..facts import Fact, ParameterStatus
from ..tables import preview_table
from .modalities import Modality
from .organisations import Organisation
from .sources import FoundationModelSource

# Anything above this is almost certainly a count typed in parameters instead of billions.
MAX_PLAUSIBLE_BILLIONS = Decimal("100000")


class FoundationModelQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def for_tables(self):
        """Everything a table row shows, in a fixed number of queries however many rows."""
        return self.select_related("developer").prefetch_related(
            "modalities",
            Prefetch("sources", queryset=FoundationModelSource.objects.order_by("sort_order")),
        )


def parameter_errors(status, smallest, largest, active, notation):
    """Field errors for a parameter count, as {field name: message}; empty when it holds."""
    errors = {}
    counts = {
        "min_parameters_billions": smallest,
        "max_parameters_billions": largest,
        "active_parameters_billions": active,
    }
    if status == ParameterStatus.UNDISCLOSED:
        for field, value in counts.items():
            if value is not None:
                errors[field] = "Leave the counts blank when the parameter count is undisclosed."
        if notation:
            errors["parameter_notation"] = "An undisclosed count has no notation; leave it blank."
        return errors

    for field, value in counts.items():
        if value is None:
            continue
        if value <= 0:
            errors[field] = "Parameter counts must be above zero."
        elif value > MAX_PLAUSIBLE_BILLIONS:
            errors[field] = (
                "That is more than 100 trillion parameters. Counts are in billions: "
                "enter 405 for 405B."
            )
    if largest is None:
        errors.setdefault(
            "max_parameters_billions",
            "Give the largest variant's count, or mark the count as undisclosed.",
        )
        return errors
    if smallest is not None and "min_parameters_billions" not in errors and smallest > largest:
        errors["min_parameters_billions"] = (
            "The smallest variant can't have more parameters than the largest."
        )
    if active is not None and "active_parameters_billions" not in errors and active > largest:
        errors["active_parameters_billions"] = (
            "Active parameters can't exceed the largest variant's total."
        )
    return errors


class PlainDecimalInput(forms.NumberInput):
    """Shows a count as the editor typed it: 141, not the column's 141.000."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"
        return super().format_value(value)


def count_panel(name):
    return FieldPanel(name, widget=PlainDecimalInput)


ESTIMATE_NEEDS_SOURCE = (
    "An estimated count needs a source: add one for the fact “Parameter count” below."
)


class FoundationModelForm(WagtailAdminModelForm):
    """Checks the one rule that spans the model and its inline sources."""

    def clean(self):
        cleaned = super().clean()
        # The inline sources are not attached to the instance until save, so the model's own
        # clean() cannot see them; the form checks them here instead.
        self.instance._sources_checked_by_form = True
        if cleaned.get("parameter_status") == ParameterStatus.ESTIMATED:
            if not self._has_parameter_source():
                self.add_error("parameter_status", ESTIMATE_NEEDS_SOURCE)
        return cleaned

    def _has_parameter_source(self):
        formset = self.formsets.get("sources")
        if formset is None:
            return False
        formset.is_valid()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("url"):
                continue
            if data.get("fact") == Fact.PARAMETERS:
                return True
        return False


def billions_field(verbose_name, help_text):
    """An optional parameter count in billions, kept to a thousandth (a million parameters)."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=help_text,
    )


class FoundationModel(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel
):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    developer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="foundation_models"
    )
    modalities = ParentalManyToManyField(Modality, related_name="foundation_models", blank=True)
    parameter_status = models.CharField(
        "parameter count is",
        max_length=12,
        choices=ParameterStatus.choices,
        default=ParameterStatus.DISCLOSED,
    )
    min_parameters_billions = billions_field(
        "smallest variant (billions)", "Leave blank for a single size."
    )
    max_parameters_billions = billions_field(
        "largest variant (billions)",
        "Total parameters of the largest variant: 405 for 405B, 1800 for 1.8T.",
    )
    active_parameters_billions = billions_field(
        "active parameters (billions)", "Mixture-of-experts models only: parameters used per token."
    )
    parameter_notation = models.CharField(
        "notation for the largest variant",
        max_length=40,
        blank=True,
        help_text="Shown instead of the number, e.g. 8x22B for a mixture of experts.",
    )
    release_date = models.DateField(null=True, blank=True)
    open_weights = models.BooleanField(
        default=False, help_text="Anyone can download the trained weights."
    )
    licence = models.CharField(max_length=120, blank=True)
    as_of = models.DateField(
        "facts checked on",
        default=date.today,
        help_text="When someone last checked these facts against the sources.",
    )

    objects = FoundationModelQuerySet.as_manager()
    base_form_class = FoundationModelForm

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("developer"),
        FieldPanel("modalities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("parameter_status"),
                FieldRowPanel(
                    [count_panel("min_parameters_billions"), count_panel("max_parameters_billions")]
                ),
                FieldRowPanel(
                    [count_panel("active_parameters_billions"), FieldPanel("parameter_notation")]
                ),
            ],
            heading="Parameters",
        ),
        FieldRowPanel([FieldPanel("release_date"), FieldPanel("as_of")]),
        FieldRowPanel([FieldPanel("open_weights"), FieldPanel("licence")]),
        InlinePanel("sources", heading="Sources", label="Source"),
    ]

    class Meta:
        db_table = "articles_foundationmodel"
        ordering = ["name"]
        verbose_name = "foundation model"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = parameter_errors(
            self.parameter_status,
            self.min_parameters_billions,
            self.max_parameters_billions,
            self.active_parameters_billions,
            self.parameter_notation,
        )
        if not getattr(self, "_sources_checked_by_form", False) and not errors:
            if self.parameter_status == ParameterStatus.ESTIMATED and not any(
                s.fact == Fact.PARAMETERS for s in self.sources.all()
            ):
                errors["parameter_status"] = ESTIMATE_NEEDS_SOURCE
        if errors:
            raise ValidationError(errors)

    # Previews show the model as a one-row table, exactly as an article would.
    def get_preview_template(self, request, mode_name):
        return "directory/previews/foundation_model.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["table"] = preview_table(self)
        return context
