import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Modality
from tests.factories import ArticlePageFactory
from tests.table_factories import FoundationModelFactory, OrganisationFactory, model_table, publish

CHECKED = date(2026, 1, 10)


def model_form(model, action="publish", **overrides):
    """The foundation model's edit form as the admin posts it, with its current values."""

    def plain(value):
        return "" if value is None else f"{Decimal(value).normalize():f}"

    data = nested_form_data(
        {
            "name": model.name,
            "slug": model.slug,
            "developer": str(model.developer_id),
            "parameter_status": model.parameter_status,
            "min_parameters_billions": plain(model.min_parameters_billions),
            "max_parameters_billions": plain(model.max_parameters_billions),
            "active_parameters_billions": plain(model.active_parameters_billions),
            "parameter_notation": model.parameter_notation,
            "release_date": model.release_date.isoformat() if model.release_date else "",
            "licence": model.licence,
            "as_of": model.as_of.isoformat(),
            "sources": inline_formset([]),
            **overrides,
        }
    )
    if action:
        data[f"action-{action}"] = f"action-{action}"
    data.setdefault("modalities", [str(m.pk) for m in model.modalities.all()])
    return data


@pytest.fixture
def scene(section):
    """PaLM 2 (340B, checked 10 January 2026) shown by two live articles, and a third live
    article showing another model."""
    google = OrganisationFactory(name="Google", slug="google")
    palm = publish(
        FoundationModelFactory(
            name="PaLM 2", slug="palm-2", developer=google, max_parameters_billions=340,
            as_of=CHECKED,
        )
    )  # fmt: skip
    other = publish(FoundationModelFactory(name="Elsewhere", slug="elsewhere"))
    block = json.dumps([model_table([palm], columns=["developer", "modalities", "parameters"])])
    first = ArticlePageFactory(parent=section, title="Scaling laws", slug="scaling", body=block)
    second = ArticlePageFactory(parent=section, title="Model zoo", slug="zoo", body=block)
    ArticlePageFactory(
        parent=section, title="Unrelated", slug="unrelated", body=json.dumps([model_table([other])])
    )
    return {"palm": palm, "google": google, "first": first, "second": second, "other": other}


@pytest.fixture
def text_modality(db):
    return Modality.objects.get(slug="text")


@pytest.fixture
def fact_editor(make_user):
    """An editor who may change and publish the registry's snippets, nothing more."""
    user = make_user("fact-editor", groups=["Editors"])
    for model in ("foundationmodel", "organisation", "modality"):
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="directory",
                codename__in=[f"change_{model}", f"publish_{model}", f"add_{model}"],
            )
        )
    return user
