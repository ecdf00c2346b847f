"""The editor's path: create a model in the admin, show it in an article, change a fact."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from directory.models import FoundationModel, Modality
from tests.factories import ArticlePageFactory, AuthorFactory
from tests.table_factories import FoundationModelFactory, OrganisationFactory

ADD_URL = "/admin/snippets/directory/foundationmodel/add/"
LIST_URL = "/admin/snippets/directory/foundationmodel/"


def model_form(developer, **overrides):
    data = nested_form_data(
        {
            "name": "PaLM 2",
            "slug": "palm-2",
            "developer": str(developer.pk),
            "parameter_status": "disclosed",
            "min_parameters_billions": "",
            "max_parameters_billions": "340",
            "active_parameters_billions": "",
            "parameter_notation": "",
            "release_date": "2023-05-10",
            "licence": "Proprietary",
            "as_of": "2026-11-01",
            "sources": inline_formset([]),
            "action-publish": "action-publish",
            **overrides,
        }
    )
    data["modalities"] = [str(Modality.objects.get(slug="text").pk)]
    return data


def article_form(article, models):
    table = {
        "caption": "Models compared",
        # The compact table control posts one value per model (in table order) and per ticked
        # column; a tuple keeps nested_form_data from numbering them like list-block items.
        "models": tuple(str(m.pk) for m in models),
        "columns": ("developer", "parameters"),
        "default_sort": "",
        "sort_direction": "asc",
        "show_sources": "on",
    }
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "author": str(AuthorFactory().pk),  # publishing needs an author
            "first_published": "2026-11-01",
            "tags": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>Intro.</p>")), ("model_table", table)]
            ),
            "further_reading": streamfield([]),
            "action-publish": "action-publish",
        }
    )


def test_editor_creates_a_model_shows_it_and_changes_a_fact(admin_client, section):
    google = OrganisationFactory(name="Google", slug="google")
    response = admin_client.post(ADD_URL, model_form(google))
    assert response.status_code == 302, response.context["form"].errors
    palm = FoundationModel.objects.get(slug="palm-2")
    assert palm.live and palm.revisions.count() == 1
    assert [m.slug for m in palm.modalities.all()] == ["text"]

    article = ArticlePageFactory(parent=section, title="Models", slug="models")
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", article_form(article, [palm]))
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    html = admin_client.get(article.url).content.decode()
    assert "Models compared as of" in html and "340B" in html and "Google" in html

    edit_url = f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/"
    changed = model_form(google, max_parameters_billions="540")
    # A live article shows the model, so publishing first asks for a new check date.
    asked = admin_client.post(edit_url, changed)
    assert asked.status_code == 200 and "340B" in admin_client.get(article.url).content.decode()
    check = asked.context["check_form"]
    changed.update(
        facts_checked_on="2026-11-20",
        facts_change_seen=check["facts_change_seen"].value(),
        sources_support="hold",  # the confirm step also asks whether the sources still hold
    )
    response = admin_client.post(edit_url, changed)
    assert response.status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).as_of.isoformat() == "2026-11-20"
    html = admin_client.get(article.url).content.decode()
    assert "540B" in html and "340B" not in html

    # The usage view lists the article, from Wagtail's reference index.
    usage = admin_client.get(f"/admin/snippets/directory/foundationmodel/usage/{palm.pk}/")
    assert usage.status_code == 200 and "Models" in usage.content.decode()


def test_saving_a_draft_leaves_the_article_on_the_published_facts(admin_client, section):
    google = OrganisationFactory(name="Google", slug="google")
    admin_client.post(ADD_URL, model_form(google))
    palm = FoundationModel.objects.get(slug="palm-2")
    article = ArticlePageFactory(parent=section, slug="models")
    admin_client.post(f"/admin/pages/{article.pk}/edit/", article_form(article, [palm]))
    draft = model_form(google, max_parameters_billions="540")
    del draft["action-publish"]
    response = admin_client.post(
        f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/", draft
    )
    assert response.status_code == 302
    assert FoundationModel.objects.get(pk=palm.pk).has_unpublished_changes
    assert "340B" in admin_client.get(article.url).content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"min_parameters_billions": "500", "max_parameters_billions": "400"},
            "min_parameters_billions",
            "smallest variant",
        ),
        ({"max_parameters_billions": "-3"}, "max_parameters_billions", "above zero"),
        ({"parameter_status": "undisclosed"}, "max_parameters_billions", "Leave the counts"),
        ({"parameter_status": "estimated"}, "parameter_status", "needs a source"),
    ],
)
def test_admin_form_explains_bad_counts(admin_client, db, overrides, field, message):
    response = admin_client.post(ADD_URL, model_form(OrganisationFactory(), **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not FoundationModel.objects.filter(slug="palm-2").exists()


def test_an_estimate_with_a_parameter_source_is_accepted(admin_client, db):
    source = {
        "fact": "parameters",
        "title": "A report",
        "url": "https://example.org/report",
        "accessed": "2026-11-01",
    }
    data = model_form(
        OrganisationFactory(),
        parameter_status="estimated",
        sources=inline_formset([source]),
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302
    palm = FoundationModel.objects.get(slug="palm-2")
    assert palm.parameter_status == "estimated" and palm.sources.get().fact == "parameters"


def test_listing_searches_and_filters(admin_client, db):
    openai = OrganisationFactory(name="OpenAI", slug="openai")
    FoundationModelFactory(name="GPT-4/5", developer=openai, modalities=["text", "images"])
    FoundationModelFactory(
        name="LLaMA 3", open_weights=True, parameter_status="disclosed", modalities=["text"]
    )
    FoundationModelFactory(
        name="Claude", parameter_status="undisclosed", max_parameters_billions=None
    )
    images = Modality.objects.get(slug="images")

    def listed(params):
        response = admin_client.get(LIST_URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        return {name for name in ("GPT-4/5", "LLaMA 3", "Claude") if name in html}

    assert listed({}) == {"GPT-4/5", "LLaMA 3", "Claude"}
    assert listed({"q": "llama"}) == {"LLaMA 3"}
    assert listed({"q": "openai"}) == {"GPT-4/5"}
    assert listed({"developer": openai.pk}) == {"GPT-4/5"}
    assert listed({"modalities": images.pk}) == {"GPT-4/5"}
    assert listed({"open_weights": "true"}) == {"LLaMA 3"}
    assert listed({"parameter_status": "undisclosed"}) == {"Claude"}


def test_model_facts_menu_groups_the_registry(admin_client, db):
    html = admin_client.get("/admin/").content.decode()
    assert "Model facts" in html
    for url in (
        LIST_URL,
        "/admin/snippets/directory/organisation/",
        "/admin/snippets/directory/modality/",
    ):
        assert admin_client.get(url).status_code == 200


def test_a_draft_model_previews_as_a_table_row(db):
    draft = FoundationModelFactory(name="Draft Model", live=False, max_parameters_billions=12)
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert '<th scope="row"' in html and "Draft Model" in html and "12B" in html
