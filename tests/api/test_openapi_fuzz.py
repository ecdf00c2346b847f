"""The API against its own OpenAPI description: schemathesis generates requests from the
description served at /api/v2/openapi.json and sends them to a real server (pytest-django's
live server) over HTTP. Every answer must be documented: no 5xx, a documented status, and a
body matching the response schema. Bounded: a few dozen examples per operation, so the whole
run takes well under a minute; it runs with the rest of the suite (``make test``) on both
databases in CI.
"""

import pytest
import requests
import schemathesis
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_factories import ImageFactory

pytestmark = pytest.mark.schemathesis

EXAMPLES_PER_OPERATION = 30
OPERATIONS = 6  # listing and detail of pages, images and documents
# What every answer is held to. Not "schema-valid requests are accepted": ``fields``,
# ``order`` and ``type`` take names that must exist (a field, a page type), which the
# description states in words rather than enumerates, so a 400 for a made-up name is right.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def served(live_server, django_db_serialized_rollback, transactional_db):
    """A database the live server shares, restored to its migrated state (Wagtail's root
    page, locale and site) after each flush."""
    return live_server


def test_openapi_description_is_served(served):
    live_server = served
    response = requests.get(f"{live_server.url}/api/v2/openapi.json", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    paths = response.json()["paths"]
    assert "/api/v2/pages/" in paths and "/api/v2/pages/{id}/" in paths


def existing_ids():
    """Every id in the database, public or not: random ids alone would almost only ever
    reach the 404 branch of a detail view."""
    document = get_document_model()(title="Reading list")
    document.file.save("reading.txt", ContentFile(b"words"), save=True)
    ImageFactory(title="Diagram")
    return {
        "/api/v2/pages/{id}/": list(Page.objects.values_list("pk", flat=True)),
        "/api/v2/images/{id}/": list(get_image_model().objects.values_list("pk", flat=True)),
        "/api/v2/documents/{id}/": [document.pk],
    }


def with_id(pair):
    case, pk = pair
    case.path_parameters = {**(case.path_parameters or {}), "id": pk}
    return case


def test_every_response_matches_the_description(served, site_content):
    live_server = served
    ids = existing_ids()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v2/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    session = requests.Session()
    for operation in operations:
        strategy = operation.as_strategy()
        if operation.path in ids:
            known = st.tuples(strategy, st.sampled_from(ids[operation.path])).map(with_id)
            strategy = st.one_of(strategy, known)

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case):
            response = case.call_and_validate(
                base_url=live_server.url, session=session, checks=CHECKS
            )
            assert response.status_code < 500

        check()
