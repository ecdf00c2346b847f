"""Model-comparison tables: sorting by mouse and keyboard, no-JS, phones, and an editor."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import ArticlePageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    concept_table,
    model_table,
)

from .helpers import (
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
    tab_to,
)

pytestmark = pytest.mark.e2e

CAPTION = "Foundation models compared in the browser"
# Deliberately out of every order, with the two undisclosed counts apart.
SERVER_ORDER = ["Claude", "GPT-4", "PaLM 2", "Gemini", "LLaMA 3"]
ASCENDING = ["PaLM 2", "LLaMA 3", "GPT-4", "Claude", "Gemini"]  # 340B < 405B < ~1.8T
DESCENDING = ["GPT-4", "LLaMA 3", "PaLM 2", "Claude", "Gemini"]  # undisclosed stay last


@pytest.fixture
def table_article(content):
    """An article whose model table holds 340B, 8B–405B, ~1.8T and two undisclosed counts."""

    def model(name, **facts):
        slug = "e2e-" + re.sub(r"\W+", "-", name.lower())
        developer = OrganisationFactory(name=f"{name} Lab", slug=f"{slug}-lab")
        return FoundationModelFactory(name=name, slug=slug, developer=developer, **facts)

    undisclosed = {"parameter_status": "undisclosed", "max_parameters_billions": None}
    models = {
        "Claude": model("Claude", **undisclosed),
        "GPT-4": model(
            "GPT-4",
            parameter_status="estimated",
            max_parameters_billions=Decimal("1800"),
            modalities=["text", "images"],
        ),
        "PaLM 2": model("PaLM 2", max_parameters_billions=Decimal("340")),
        "Gemini": model("Gemini", **undisclosed),
        "LLaMA 3": model(
            "LLaMA 3",
            min_parameters_billions=Decimal("8"),
            max_parameters_billions=Decimal("405"),
            open_weights=True,
        ),
    }
    SourceFactory(model=models["GPT-4"], fact="parameters", title="An estimate of GPT-4's size")
    article = ArticlePageFactory(
        parent=content.section,
        title="Comparing Foundation Models",
        slug="comparing-foundation-models",
        body=[
            {
                "type": "heading",
                "value": {"heading": "The models side by side", "level": "h2", "anchor": ""},
            },
            model_table([models[name] for name in SERVER_ORDER], caption=CAPTION),
            concept_table(caption="Foundation and task-specific models"),
        ],
    )
    return article


def starts(text):
    return re.compile("^" + re.escape(text))


def model_table_on(page):
    return page.locator("table", has=page.locator("caption", has_text=CAPTION))


def row_names(table):
    return [name.strip() for name in table.locator("tbody tr th[scope=row]").all_inner_texts()]


def expect_rows(table, names):
    expect(table.locator("tbody tr th[scope=row]")).to_have_text(names)


def parameters_header(table):
    return table.locator("thead th", has_text="Parameters")


def test_parameter_column_sorts_numerically_by_click(visitor, table_article):
    page = visitor.page
    visitor.goto(table_article.url)
    table = model_table_on(page)
    expect_rows(table, SERVER_ORDER)
    header = parameters_header(table)
    button = header.get_by_role("button", name="Parameters")

    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect_rows(table, ASCENDING)
    parameter_cells = table.locator("tbody tr td:nth-of-type(3)")
    # A cell may carry an "(estimated)" note and a source reference after its figure.
    expect(parameter_cells).to_have_text(
        [starts(text) for text in ("340B", "8B–405B", "~1.8T", "Undisclosed", "Undisclosed")]
    )
    # Only the sorted column claims a sort.
    expect(table.locator("thead th[aria-sort]")).to_have_count(1)

    button.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect_rows(table, DESCENDING)

    # A third press returns to the order the editor chose; the sort claim goes away.
    button.click()
    expect(header).not_to_have_attribute("aria-sort", re.compile(".*"))
    expect_rows(table, SERVER_ORDER)
    assert visitor.page_errors == []


def test_parameter_column_sorts_by_keyboard(visitor, table_article):
    page = visitor.page
    visitor.goto(table_article.url)
    table = model_table_on(page)
    header = parameters_header(table)
    button = header.get_by_role("button", name="Parameters")

    # Reach the button with Tab alone, starting from the top of the page.
    tab_to(page, button)
    expect(button).to_be_focused()

    for key, direction, rows in (
        ("Enter", "ascending", ASCENDING),
        ("Space", "descending", DESCENDING),
    ):
        page.keyboard.press(key)
        expect(header).to_have_attribute("aria-sort", direction)
        expect_rows(table, rows)
        expect(button).to_be_focused()


def test_seed_table_sorts_llama_mixtral_palm_with_undisclosed_last(visitor, content):
    """The demo article's "Key foundation models" table, as the seed page has it."""
    page = visitor.page
    visitor.goto(content.article.url)
    table = page.locator("table", has=page.locator("caption", has_text="Key foundation models"))
    header = parameters_header(table)
    button = header.get_by_role("button", name="Parameters")
    undisclosed = [
        name.strip()
        for name in table.locator("tbody tr", has_text="Undisclosed")
        .locator("th[scope=row]")
        .all_inner_texts()
    ]
    assert len(undisclosed) >= 1, "the seed table should hold an undisclosed count"
    sorted_names = {}
    for direction in ("ascending", "descending"):
        button.click()
        expect(header).to_have_attribute("aria-sort", direction)
        names = row_names(table)
        assert sorted(names[-len(undisclosed) :]) == sorted(undisclosed), names
        sorted_names[direction] = names
    up, down = sorted_names["ascending"], sorted_names["descending"]
    # 70B, 141B (8x22B) and ~340B (estimated); the rest are undisclosed.
    assert up.index("Llama 3") < up.index("Mixtral 8x22B") < up.index("PaLM 2"), up
    assert down.index("PaLM 2") < down.index("Mixtral 8x22B") < down.index("Llama 3"), down
    disclosed = len(up) - len(undisclosed)
    assert down[:disclosed] == list(reversed(up[:disclosed]))


def test_tables_are_complete_without_javascript(visitor_factory, table_article):
    visitor = visitor_factory(javascript=False)
    page = visitor.page
    visitor.goto(table_article.url)
    table = model_table_on(page)
    expect_rows(table, SERVER_ORDER)
    expect(table.locator("thead th")).to_have_text(
        ["Model", "Developer", "Modalities", "Parameters"]
    )
    expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["GPT-4 Lab", re.compile("Text.*Images", re.I), starts("~1.8T (estimated)")]
    )
    # Without the script there is nothing pretending to be a control.
    expect(table.locator("button")).to_have_count(0)

    concept = page.locator("table", has=page.locator("caption", has_text="task-specific"))
    expect(concept.locator("tbody th[scope=row]")).to_have_text(["Training data", "Reuse"])
    expect(concept.locator("tbody td")).to_have_text(["Broad", "Narrow", "Many tasks", "One task"])


def test_article_with_tables_fits_a_phone(visitor_factory, table_article):
    visitor = visitor_factory(viewport=PHONE)
    visitor.goto(table_article.url)
    expect(model_table_on(visitor.page)).to_be_attached()
    assert horizontal_overflow(visitor.page) <= 0, "the page scrolls sideways on a 360px phone"
    # A wide table scrolls inside its own region, which a keyboard user can reach.
    region = visitor.page.locator(".table-region").first
    expect(region).to_have_attribute("tabindex", "0")


def test_no_serious_axe_violations_on_tables(visitor_factory, table_article):
    visitor = visitor_factory(bypass_csp=True)
    visitor.goto(table_article.url)
    parameters_header(model_table_on(visitor.page)).get_by_role("button").click()
    violations = axe_violations(visitor.page, ".article-body")
    assert violations == [], describe_violations(violations)
