"""Facts are one set; how they read follows the active language."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from astermind_site.languages import bcp47, long_date
from directory.columns import COLUMNS, format_billions, format_date, parameters_display
from directory.facts import ParameterStatus


@pytest.mark.parametrize(
    ("billions", "english", "german"),
    [
        ("1800", "1.8T", "1,8\u00a0Bio."),
        ("405", "405B", "405\u00a0Mrd."),
        ("8", "8B", "8\u00a0Mrd."),
        ("0.35", "350M", "350\u00a0Mio."),
        ("1.5", "1.5B", "1,5\u00a0Mrd."),
    ],
)
def test_parameter_counts_in_each_language(billions, english, german):
    with translation.override("en-gb"):
        assert format_billions(Decimal(billions)) == english
    with translation.override("de"):
        assert format_billions(Decimal(billions)) == german


def test_dates_in_each_language():
    day = date(2026, 11, 1)
    with translation.override("en-gb"):
        assert long_date(day) == "1 November 2026"
        assert format_date(date(2023, 3, 14)) == "14 March 2023"
    with translation.override("de"):
        assert long_date(day) == "1. November 2026"
        assert format_date(date(2023, 3, 14)) == "14. März 2023"


def model(**facts):
    defaults = {
        "parameter_status": ParameterStatus.DISCLOSED,
        "max_parameters_billions": Decimal("1800"),
        "min_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": False,
        "licence": "",
    }
    return SimpleNamespace(**{**defaults, **facts})


def test_estimated_and_undisclosed_in_german():
    with translation.override("de"):
        estimated = model(parameter_status=ParameterStatus.ESTIMATED)
        assert parameters_display(estimated) == "~1,8\u00a0Bio. (geschätzt)"
        undisclosed = model(parameter_status=ParameterStatus.UNDISCLOSED)
        assert parameters_display(undisclosed) == "Nicht offengelegt"
        ranged = model(min_parameters_billions=Decimal("8"), max_parameters_billions=Decimal("70"))
        assert parameters_display(ranged) == "8\u00a0Mrd.–70\u00a0Mrd."
    with translation.override("en-gb"):
        assert parameters_display(model(parameter_status=ParameterStatus.ESTIMATED)) == (
            "~1.8T (estimated)"
        )


def test_headings_follow_the_language_labels_stay_english():
    column = COLUMNS["open_weights"]
    with translation.override("de"):
        assert column.heading == "Offene Gewichte"
        assert column.label == "Open weights"
        assert column.display(model(open_weights=True)) == "Ja"
        assert COLUMNS["parameters"].unit_text == "Milliarden Parameter"
        assert COLUMNS["parameters"].unit == "billion parameters"
        # Machine values never change with the language.
        assert column.machine(model(open_weights=True)) is True
    with translation.override("en-gb"):
        assert column.heading == "Open weights"
        assert column.display(model(open_weights=False)) == "No"


def test_lang_attribute_form():
    assert bcp47("en-gb") == "en-GB"
    assert bcp47("de") == "de"
