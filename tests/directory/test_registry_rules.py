"""Validation of the fact registry: clear messages for counts that cannot be right."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from directory.models import FoundationModel
from directory.models.foundation_models import ESTIMATE_NEEDS_SOURCE, parameter_errors
from tests.table_factories import FoundationModelFactory, OrganisationFactory, SourceFactory

D = Decimal


@pytest.mark.parametrize(
    "status, smallest, largest, active, notation, field, fragment",
    [
        ("disclosed", D(500), D(400), None, "", "min_parameters_billions", "smallest variant"),
        ("disclosed", None, D(-5), None, "", "max_parameters_billions", "above zero"),
        ("disclosed", D(0), D(5), None, "", "min_parameters_billions", "above zero"),
        ("disclosed", None, D(2_000_000), None, "", "max_parameters_billions", "100 trillion"),
        ("disclosed", None, D(70), D(80), "", "active_parameters_billions", "can't exceed"),
        ("disclosed", None, None, None, "", "max_parameters_billions", "largest variant"),
        ("undisclosed", None, D(70), None, "", "max_parameters_billions", "Leave the counts"),
        ("undisclosed", D(1), None, None, "", "min_parameters_billions", "Leave the counts"),
        ("undisclosed", None, None, None, "8x22B", "parameter_notation", "no notation"),
    ],
)
def test_impossible_counts_are_named_and_explained(
    status, smallest, largest, active, notation, field, fragment
):
    errors = parameter_errors(status, smallest, largest, active, notation)
    assert fragment in errors[field]


@pytest.mark.parametrize(
    "status, smallest, largest, active",
    [
        ("disclosed", D(8), D(405), None),
        ("disclosed", None, D(340), None),
        ("disclosed", D(7), D(141), D(39)),
        ("estimated", None, D(1800), None),
        ("undisclosed", None, None, None),
    ],
)
def test_sound_counts_pass(status, smallest, largest, active):
    assert parameter_errors(status, smallest, largest, active, "") == {}


def test_model_clean_reports_every_rule(db):
    model = FoundationModel(
        name="Broken",
        slug="broken",
        developer=OrganisationFactory(),
        parameter_status="undisclosed",
        max_parameters_billions=D(10),
    )
    with pytest.raises(ValidationError) as excinfo:
        model.full_clean()
    assert "max_parameters_billions" in excinfo.value.message_dict


def test_an_estimate_needs_a_parameter_source(db):
    model = FoundationModelFactory(parameter_status="estimated", max_parameters_billions=1800)
    with pytest.raises(ValidationError) as excinfo:
        model.full_clean()
    assert excinfo.value.message_dict["parameter_status"] == [ESTIMATE_NEEDS_SOURCE]

    SourceFactory(model=model, fact="licence")
    with pytest.raises(ValidationError):
        FoundationModel.objects.get(pk=model.pk).full_clean()

    SourceFactory(model=model, fact="parameters")
    FoundationModel.objects.get(pk=model.pk).full_clean()


def test_published_and_draft_rows(db):
    live = FoundationModelFactory()
    FoundationModelFactory(live=False)
    assert list(FoundationModel.objects.published()) == [live]
