"""Confirming a changed fact asks whether the model's sources still support the new value,
and a source given there is published with the change."""

from directory.models import FoundationModel

from .conftest import model_form
from .test_confirm import EDIT, first_answer


def test_the_confirm_step_lists_the_sources_and_needs_an_answer(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    asked = admin_client.post(url, data)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Do the sources still support the new values?" in html
    assert "<strong>Parameters</strong> (540B):\n" in html
    assert "no source is given for this fact yet." in html
    # The new source's fact starts as the changed one.
    assert asked.context["check_form"]["new_source_fact"].value() == "parameters"

    unanswered = {**first_answer(asked)}
    del unanswered["sources_support"]
    response = admin_client.post(url, {**data, **unanswered})
    assert response.status_code == 200
    assert response.context["check_form"].errors["sources_support"] == ["This field is required."]
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 340


def test_adding_a_source_needs_its_title_and_url(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    answer = {**first_answer(admin_client.post(url, data)), "sources_support": "add"}
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 200
    errors = response.context["check_form"].errors
    assert errors["new_source_url"] == ["Give the new source's title and URL, or answer Yes."]
    assert errors["new_source_title"] == ["Give the new source's title and URL, or answer Yes."]
    assert FoundationModel.objects.get(pk=palm.pk).sources.count() == 0


def test_a_source_added_when_confirming_is_published_with_the_change(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    answer = {
        **first_answer(admin_client.post(url, data)),
        "sources_support": "add",
        "new_source_fact": "parameters",
        "new_source_title": "PaLM 2 technical report",
        "new_source_url": "https://arxiv.org/abs/2305.10403",
        "new_source_accessed": "2026-12-01",
    }
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 302
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 540 and not palm.has_unpublished_changes
    [source] = palm.sources.all()
    assert (source.fact, source.title, str(source.accessed)) == (
        "parameters",
        "PaLM 2 technical report",
        "2026-12-01",
    )
    [published] = palm.live_revision.content["sources"]
    assert published["url"] == "https://arxiv.org/abs/2305.10403"
    history = admin_client.get(url).content.decode()
    change = history[history.index("340B → 540B") :]
    assert change.split("(source: ", 1)[1].startswith('<a href="https://arxiv.org/abs/2305.10403"')


def test_a_bad_source_url_is_refused_and_nothing_published(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    answer = {
        **first_answer(admin_client.post(url, data)),
        "sources_support": "add",
        "new_source_title": "Somewhere",
        "new_source_url": "javascript:alert(1)",
    }
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 200
    assert response.context["check_form"].errors["new_source_url"] == ["Enter a valid URL."]
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 340 and palm.sources.count() == 0


def test_an_autosave_of_the_half_answered_question_adds_no_source(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, action=None, max_parameters_billions="540")
    answer = {
        **first_answer(admin_client.post(url, model_form(palm, max_parameters_billions="540"))),
        "sources_support": "add",
        "new_source_title": "PaLM 2 technical report",
        "new_source_url": "https://arxiv.org/abs/2305.10403",
    }
    response = admin_client.post(url, {**data, **answer}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"] is True
    palm.refresh_from_db()
    assert palm.has_unpublished_changes and palm.max_parameters_billions == 340
    assert palm.latest_revision.content["sources"] == []
