"""/api/v2/pages/: live public pages only, article bodies as structured JSON, filters."""

import pytest
from django.test import override_settings

URL = "/api/v2/pages/"


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_detail_gives_tables_as_structured_json(client, site_content):
    response = client.get(f"{URL}{site_content['tables'].pk}/")
    assert response.status_code == 200, response.content
    import pprint; pprint.pprint(response.json())
