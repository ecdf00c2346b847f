"""The Facts to review panel names the live articles showing each stale model and offers
"Mark as re-checked", which records who and when; only a CSRF-checked POST from someone who
may change and publish models does anything."""

from datetime import date

from django.test import Client
from wagtail.models import ModelLogEntry

from directory.models import FoundationModel
from factcheck.recording import FACTS_CHANGED
from tests.conftest import TEST_PASSWORD

from .test_dashboard import dashboard, panel

RECHECK = "/admin/factcheck/models/{}/rechecked/"


def stale_scene(scene, settings):
    settings.FACTCHECK_REVIEW_AFTER_DAYS = 30  # PaLM 2 was checked on 10 January 2026
    return scene["palm"]


def test_the_panel_names_the_articles_and_offers_a_recheck(admin_client, scene, settings):
    palm = stale_scene(scene, settings)
    rows = panel(dashboard(admin_client), "facts-to-review").split("<tr>")
    [html] = [row for row in rows if ">PaLM 2</a>" in row]
    first, second = scene["first"], scene["second"]
    assert (
        f'Shown in <a href="/admin/pages/{second.pk}/edit/">Model zoo</a>, '
        f'<a href="/admin/pages/{first.pk}/edit/">Scaling laws</a>\n'
    ) in html
    assert "Unrelated" not in html  # it shows another model
    assert f'<form method="post" action="{RECHECK.format(palm.pk)}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'Mark as re-checked<span class="w-sr-only">: PaLM 2</span>' in html


def test_marking_rechecked_records_who_and_when(admin_client, superuser, scene, settings):
    palm = stale_scene(scene, settings)
    response = admin_client.post(RECHECK.format(palm.pk))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    palm.refresh_from_db()
    assert palm.as_of == date.today() and not palm.has_unpublished_changes
    entry = ModelLogEntry.objects.for_instance(palm).get(action=FACTS_CHANGED)
    assert entry.user == superuser and entry.data["rechecked"] is True
    assert entry.data["checked_on"] == date.today().isoformat()
    assert [a["title"] for a in entry.data["articles"]] == ["Model zoo", "Scaling laws"]
    after = admin_client.get("/admin/").content.decode()
    assert "PaLM 2: facts marked as re-checked on" in after
    assert "PaLM 2" not in panel(after, "facts-to-review")
    history = admin_client.get(f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/")
    assert "<strong>Facts checked on</strong>: 10 January 2026 →" in history.content.decode()
    log = admin_client.get(f"/admin/snippets/directory/foundationmodel/history/{palm.pk}/")
    assert "Marked as re-checked (Facts checked on: 10 January 2026 →" in log.content.decode()


def test_a_get_changes_nothing(admin_client, scene, settings):
    palm = stale_scene(scene, settings)
    assert admin_client.get(RECHECK.format(palm.pk)).status_code == 405
    assert FoundationModel.objects.get(pk=palm.pk).as_of == date(2026, 1, 10)


def test_a_post_without_the_csrf_token_is_refused(superuser, scene, settings):
    palm = stale_scene(scene, settings)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=superuser.username, password=TEST_PASSWORD)
    assert client.post(RECHECK.format(palm.pk)).status_code == 403
    assert FoundationModel.objects.get(pk=palm.pk).as_of == date(2026, 1, 10)


def test_only_those_who_may_publish_models_can_recheck(
    signed_in, editor, fact_editor, scene, settings
):
    palm = stale_scene(scene, settings)
    # Wagtail turns the view's PermissionDenied into its "no permission" redirect.
    refused = signed_in(editor).post(RECHECK.format(palm.pk))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert FoundationModel.objects.get(pk=palm.pk).as_of == date(2026, 1, 10)
    anonymous = Client().post(RECHECK.format(palm.pk))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    assert FoundationModel.objects.get(pk=palm.pk).as_of == date(2026, 1, 10)
    assert signed_in(fact_editor).post(RECHECK.format(palm.pk)).status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).as_of == date.today()


def test_an_unknown_or_unpublished_model_is_404(admin_client, scene):
    assert admin_client.post(RECHECK.format(999999)).status_code == 404
    draft = FoundationModel.objects.create(
        name="Draft", slug="draft", developer=scene["google"], live=False,
        max_parameters_billions=1,
    )  # fmt: skip
    assert admin_client.post(RECHECK.format(draft.pk)).status_code == 404
