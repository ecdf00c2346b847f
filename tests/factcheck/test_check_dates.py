"""A model's "facts checked on" date is a fact too: changing it on a shown model asks first,
moving it back warns (even when no article shows the model), and every change is recorded
and listed in the Fact history."""

from datetime import date, timedelta

from wagtail.models import ModelLogEntry

from directory.models import FoundationModel, FoundationModelSource
from factcheck.recording import FACTS_CHANGED

from .conftest import CHECKED, model_form
from .test_confirm import EDIT, first_answer, live_html

LATER = date(2026, 3, 2)


def test_a_new_check_date_on_a_shown_model_asks_first_and_is_recorded(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, as_of=LATER.isoformat())
    asked = admin_client.post(url, data)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "This changes 2 live articles: Model zoo, Scaling laws" in html
    assert "Facts checked on</strong>: 10 January 2026 → 2 March 2026" in html
    # The date typed in the form is the one offered; no sources question for a date alone.
    assert asked.context["check_form"]["facts_checked_on"].value() == LATER
    assert "sources_support" not in asked.context["check_form"].fields
    assert FoundationModel.objects.get(pk=palm.pk).as_of == CHECKED

    assert admin_client.post(url, {**data, **first_answer(asked)}).status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).as_of == LATER
    entry = ModelLogEntry.objects.for_instance(palm).get(action=FACTS_CHANGED)
    assert entry.data["changes"] == [
        {
            "label": "Facts checked on",
            "old": "10 January 2026",
            "new": "2 March 2026",
            "sources": [],
        }
    ]
    history = admin_client.get(url).content.decode()
    assert "<strong>Facts checked on</strong>: 10 January 2026 → 2 March 2026" in history


def test_moving_the_check_date_back_warns_names_later_sources_and_shows_in_history(
    admin_client, scene
):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    FoundationModelSource.objects.create(
        model=palm, fact="parameters", title="PaLM 2 report", url="https://example.org/palm2",
        accessed=CHECKED,
    )  # fmt: skip
    earlier = CHECKED - timedelta(days=30)
    data = model_form(palm, as_of=earlier.isoformat())
    data.update(
        {
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "1",
            "sources-0-id": str(palm.sources.get().pk),
            "sources-0-fact": "parameters",
            "sources-0-title": "PaLM 2 report",
            "sources-0-url": "https://example.org/palm2",
            "sources-0-accessed": CHECKED.isoformat(),
            "sources-0-ORDER": "1",
        }
    )
    asked = admin_client.post(url, data)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert (
        "<strong>The check date moves back</strong>, from 10 January 2026 to 11 December 2025"
        in html
    )
    assert "A source of these facts was read on 10 January 2026, after the new check date" in html
    # The live tables still say the later date until the editor confirms.
    assert "10 January 2026" in live_html(admin_client, scene["first"])
    assert FoundationModel.objects.get(pk=palm.pk).as_of == CHECKED

    assert admin_client.post(url, {**data, **first_answer(asked)}).status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).as_of == earlier
    history = admin_client.get(url).content.decode()
    assert "<strong>Facts checked on</strong>: 10 January 2026 → 11 December 2025" in history


def test_moving_back_the_check_date_of_an_unshown_model_still_asks(admin_client, scene):
    other = scene["other"]  # shown only by the "Unrelated" article
    lonely = FoundationModel.objects.create(
        name="Lonely", slug="lonely", developer=scene["google"], max_parameters_billions=7,
        as_of=CHECKED,
    )  # fmt: skip
    lonely.save_revision().publish()
    url = EDIT.format(lonely.pk)
    data = model_form(lonely, as_of=(CHECKED - timedelta(days=1)).isoformat())
    asked = admin_client.post(url, data)
    assert asked.status_code == 200
    assert "No live article shows this model, but its check date moves back" in (
        asked.content.decode()
    )
    assert FoundationModel.objects.get(pk=lonely.pk).as_of == CHECKED
    # Forward, with no article showing it: published at once, and still recorded.
    forward = model_form(lonely, as_of=LATER.isoformat())
    assert admin_client.post(url, forward).status_code == 302
    entry = ModelLogEntry.objects.for_instance(lonely).get(action=FACTS_CHANGED)
    assert entry.data["changes"][0]["new"] == "2 March 2026"
    assert other.as_of != LATER


def test_a_check_date_in_the_future_is_refused(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    answer = {**first_answer(admin_client.post(url, data)), "facts_checked_on": tomorrow}
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 200
    [error] = response.context["check_form"].errors["facts_checked_on"]
    assert error.startswith("Facts can't have been checked in the future")
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 340
