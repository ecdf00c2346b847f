"""How the fact registry reads in the admin: counts as typed, words for yes/no, one menu entry."""

import re
from decimal import Decimal

from tests.table_factories import FoundationModelFactory

LIST_URL = "/admin/snippets/directory/foundationmodel/"


def test_counts_show_as_typed_in_the_edit_form(admin_client, db):
    model = FoundationModelFactory(
        max_parameters_billions=Decimal("141"), min_parameters_billions=Decimal("1.5")
    )
    html = admin_client.get(f"{LIST_URL}edit/{model.pk}/").content.decode()
    assert re.search(r'name="max_parameters_billions"[^>]*value="141"', html)
    assert re.search(r'name="min_parameters_billions"[^>]*value="1.5"', html)
    assert "141.000" not in html and "1.500" not in html


def test_listing_shows_counts_and_open_weights_in_words(admin_client, db):
    FoundationModelFactory(name="Mixtral", max_parameters_billions=Decimal("141"),
                           parameter_notation="8x22B", open_weights=True)  # fmt: skip
    FoundationModelFactory(name="Closed", max_parameters_billions=Decimal("12.5"))
    html = admin_client.get(LIST_URL).content.decode()
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", html, re.S)
    assert "8x22B" in cells and "12.5B" in cells and "Yes" in cells and "No" in cells
    assert ">True<" not in html and ">False<" not in html and ".000" not in html
    # The column sorts by the number, not by its text.
    ordered = admin_client.get(LIST_URL, {"ordering": "-max_parameters_billions"})
    text = ordered.content.decode()
    assert text.index("Mixtral") < text.index("Closed")


def test_each_fact_snippet_appears_once_in_the_menu(admin_client, db):
    html = admin_client.get("/admin/").content.decode()
    assert "Model facts" in html
    snippets_index = admin_client.get("/admin/snippets/").content.decode()
    for name in ("Foundation models", "Organisations", "Modalities"):
        assert name not in snippets_index


def test_fact_history_tab_on_every_registry_snippet(admin_client, scene, text_modality):
    urls = [
        f"{LIST_URL}edit/{scene['palm'].pk}/",
        f"/admin/snippets/directory/organisation/edit/{scene['google'].pk}/",
        f"/admin/snippets/directory/modality/edit/{text_modality.pk}/",
    ]
    for url in urls:
        html = admin_client.get(url).content.decode()
        assert "Fact history" in html
    palm_history = admin_client.get(urls[0]).content.decode()
    assert "First published" in palm_history
    assert "No published change to these facts yet." in admin_client.get(urls[2]).content.decode()
