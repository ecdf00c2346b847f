"""A small published site for the pages API: two sections, articles by two authors with
tags, one article with a model table and a concept grid, and one private article."""

import json
from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    concept_table,
    model_table,
)


@pytest.fixture
def site_content(home):
    basics = SectionPageFactory(parent=home, title="Core Concepts", slug="core-concepts")
    practice = SectionPageFactory(parent=home, title="In Practice", slug="in-practice")
    ada = AuthorFactory(name="Ada Writer", slug="ada")
    bo = AuthorFactory(name="Bo Editor", slug="bo")
    openai = OrganisationFactory(name="OpenAI", slug="openai")
    gpt = FoundationModelFactory(
        name="GPT-4/5",
        slug="gpt",
        developer=openai,
        max_parameters_billions=1800,
        parameter_status="estimated",
        as_of=date(2025, 5, 2),
    )
    SourceFactory(model=gpt, fact="parameters", title="An estimate", url="https://example.org/e")
    SourceFactory(model=gpt, fact="developer", title="Maker", url="https://example.org/m")
    tables = ArticlePageFactory(
        parent=basics,
        title="Tables explained",
        slug="tables",
        author=ada,
        body=json.dumps(
            [
                model_table([gpt], columns=["developer", "parameters"], block_id="mt"),
                concept_table(block_id="ct"),
            ]
        ),
    )
    tables.tags.add("Edge AI")
    tables.save_revision().publish()
    other = ArticlePageFactory(parent=practice, title="Prompting", slug="prompting", author=bo)
    other.tags.add("Prompts")
    other.save_revision().publish()
    secret = ArticlePageFactory(parent=basics, title="Members only", slug="secret", author=ada)
    secret.tags.add("Edge AI")
    secret.save_revision().publish()
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    draft = ArticlePageFactory(parent=basics, title="Unpublished", slug="draft", live=False)
    return {
        "basics": basics,
        "practice": practice,
        "tables": tables,
        "other": other,
        "secret": secret,
        "draft": draft,
        "gpt": gpt,
    }
