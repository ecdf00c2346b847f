"""Publishing a fact that live articles show asks first, and takes a new check date."""

from datetime import date

from django.contrib.messages import get_messages
from wagtail.models import ModelLogEntry

from directory.models import FoundationModel, Modality, Organisation
from factcheck.changes import describe_edit
from factcheck.recording import FACTS_CHANGED

from .conftest import CHECKED, model_form

EDIT = "/admin/snippets/directory/foundationmodel/edit/{}/"


def live_html(client, page):
    return client.get(page.url).content.decode()


def first_answer(response):
    """The confirmation step's own fields, as the page offers them."""
    check = response.context["check_form"]
    answer = {
        "facts_change_seen": check["facts_change_seen"].value(),
        "facts_checked_on": check["facts_checked_on"].value(),
    }
    if "sources_support" in check.fields:
        answer["sources_support"] = "hold"  # the sources still support the new values
    return answer


def test_publishing_a_shown_fact_names_the_articles_and_publishes_nothing(admin_client, scene):
    palm = scene["palm"]
    data = model_form(palm, max_parameters_billions="540")
    response = admin_client.post(EDIT.format(palm.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This changes 2 live articles: Model zoo, Scaling laws" in html
    assert "340B → 540B" in html and "Unrelated" not in html
    check = response.context["check_form"]
    assert check["facts_checked_on"].value() == date.today()
    assert 'type="date"' in html and 'name="facts_checked_on"' in html
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 340 and palm.revisions.count() == 1
    assert "340B" in live_html(admin_client, scene["first"])


def test_confirming_with_a_date_publishes_and_records_it(admin_client, superuser, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    asked = admin_client.post(url, data)
    answer = {**first_answer(asked), "facts_checked_on": "2026-11-20"}
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 302
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 540 and palm.as_of == date(2026, 11, 20)
    assert not palm.has_unpublished_changes
    for page in (scene["first"], scene["second"]):
        assert "540B" in live_html(admin_client, page)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("published" in text.lower() for text in texts)
    entry = ModelLogEntry.objects.for_instance(palm).get(action=FACTS_CHANGED)
    assert entry.user == superuser and entry.data["checked_on"] == "2026-11-20"
    assert [a["title"] for a in entry.data["articles"]] == ["Model zoo", "Scaling laws"]
    assert entry.data["changes"][0]["old"] == "340B"

    history = admin_client.get(url).content.decode()
    assert "Fact history" in history and "340B → 540B" in history and "boss" in history
    # Wagtail's own History view words the log entry.
    log = admin_client.get(f"/admin/snippets/directory/foundationmodel/history/{palm.pk}/")
    assert "shown on 2 live articles; facts checked on 2026-11-20" in log.content.decode()


def test_a_different_change_after_the_question_is_asked_again(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    asked = admin_client.post(url, model_form(palm, max_parameters_billions="540"))
    changed_again = {**model_form(palm, max_parameters_billions="600"), **first_answer(asked)}
    response = admin_client.post(url, changed_again)
    assert response.status_code == 200 and "340B → 600B" in response.content.decode()
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 340


def test_a_missing_check_date_is_explained(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    data = model_form(palm, max_parameters_billions="540")
    answer = {**first_answer(admin_client.post(url, data)), "facts_checked_on": ""}
    response = admin_client.post(url, {**data, **answer})
    assert response.status_code == 200
    assert response.context["check_form"].errors["facts_checked_on"] == ["This field is required."]
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 340


def test_drafts_and_unshown_models_publish_without_asking(admin_client, scene):
    palm = scene["palm"]
    draft = model_form(palm, action=None, max_parameters_billions="540")
    assert admin_client.post(EDIT.format(palm.pk), draft).status_code == 302
    palm.refresh_from_db()
    assert palm.max_parameters_billions == 340 and palm.has_unpublished_changes

    # A model no live article shows is published at once.
    lonely = FoundationModel.objects.create(
        name="Lonely", slug="lonely", developer=scene["google"], max_parameters_billions=7
    )
    response = admin_client.post(EDIT.format(lonely.pk), model_form(lonely, licence="MIT"))
    assert response.status_code == 302
    assert FoundationModel.objects.get(pk=lonely.pk).licence == "MIT"


def test_an_unchanged_model_describes_no_change(scene):
    other = scene["other"]
    edit = describe_edit(other, FoundationModel.objects.get(pk=other.pk))
    assert edit.changes == [] and edit.articles == [] and not edit.needs_confirmation


def test_renaming_a_developer_asks_and_renews_its_models_check_dates(admin_client, scene):
    google, palm = scene["google"], scene["palm"]
    url = f"/admin/snippets/directory/organisation/edit/{google.pk}/"
    data = {"name": "Google DeepMind", "slug": "google", "website": google.website}
    data["action-publish"] = "action-publish"
    asked = admin_client.post(url, data)
    html = asked.content.decode()
    assert "This changes 2 live articles" in html and "Google → Google DeepMind" in html
    assert "given to the 1 model this changes: PaLM 2" in html
    response = admin_client.post(url, {**data, **first_answer(asked)})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=google.pk).name == "Google DeepMind"
    palm.refresh_from_db()
    assert palm.as_of == date.today() and palm.as_of != CHECKED
    assert palm.live_revision.content["as_of"] == date.today().isoformat()
    assert "Google DeepMind" in live_html(admin_client, scene["first"])
    history = admin_client.get(url).content.decode()
    assert "Google → Google DeepMind" in history and "Scaling laws" in history


def test_a_draft_in_progress_keeps_its_changes_and_gets_the_new_date(admin_client, scene):
    google, palm = scene["google"], scene["palm"]
    draft = model_form(palm, action=None, licence="Proprietary")
    admin_client.post(EDIT.format(palm.pk), draft)
    data = {"name": "Alphabet", "slug": "google", "website": "", "action-publish": "1"}
    url = f"/admin/snippets/directory/organisation/edit/{google.pk}/"
    admin_client.post(url, {**data, **first_answer(admin_client.post(url, data))})
    palm.refresh_from_db()
    assert palm.has_unpublished_changes and palm.licence == ""
    latest = palm.latest_revision.as_object()
    assert latest.licence == "Proprietary" and latest.as_of == date.today()


def test_renaming_a_modality_asks_before_saving(admin_client, scene, text_modality):
    url = f"/admin/snippets/directory/modality/edit/{text_modality.pk}/"
    data = {"name": "written text", "slug": "text", "sort_order": text_modality.sort_order}
    data["action-edit"] = "action-edit"
    asked = admin_client.post(url, data)
    assert asked.status_code == 200
    assert "text → written text" in asked.content.decode()
    assert Modality.objects.get(pk=text_modality.pk).name == "text"
    assert admin_client.post(url, {**data, **first_answer(asked)}).status_code == 302
    assert Modality.objects.get(pk=text_modality.pk).name == "written text"
    assert "Written text" in live_html(admin_client, scene["first"])


def test_editing_facts_needs_the_snippet_permissions(signed_in, editor, fact_editor, scene):
    palm = scene["palm"]
    url = EDIT.format(palm.pk)
    data = model_form(palm, max_parameters_billions="540")
    refused = signed_in(editor).post(url, data)
    assert refused.status_code == 302  # Wagtail: "permission denied" back to the dashboard
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 340
    client = signed_in(fact_editor)
    asked = client.post(url, data)
    assert "This changes 2 live articles" in asked.content.decode()
    assert client.post(url, {**data, **first_answer(asked)}).status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 540


def test_reverting_to_an_older_revision_asks_too(admin_client, scene):
    palm, url = scene["palm"], EDIT.format(scene["palm"].pk)
    first_revision = palm.latest_revision
    data = model_form(palm, max_parameters_billions="540")
    admin_client.post(url, {**data, **first_answer(admin_client.post(url, data))})
    revert = f"/admin/snippets/directory/foundationmodel/history/{palm.pk}/revisions/"
    revert += f"{first_revision.pk}/revert/"
    assert admin_client.get(revert).status_code == 200
    back = model_form(palm, max_parameters_billions="340")
    asked = admin_client.post(revert, back)
    assert asked.status_code == 200 and "540B → 340B" in asked.content.decode()
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 540
    assert admin_client.post(revert, {**back, **first_answer(asked)}).status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).max_parameters_billions == 340
