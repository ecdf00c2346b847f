"""An editor changes a fact that a live article shows: the admin names the article and asks
for a new check date before anything is published, and the article then shows the new value."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from directory.models import FoundationModel

from .helpers import axe_violations, describe_violations, log_in, save_screenshot

pytestmark = pytest.mark.e2e

ARTICLE = "What Is a Foundation Model?"


def test_publishing_a_shown_fact_warns_then_publishes_with_the_check_date(
    visitor_factory, content, editor
):
    palm = FoundationModel.objects.get(slug="palm-2")
    page = visitor_factory().page
    log_in(page, editor)
    page.goto(f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/")

    count = page.locator("#id_max_parameters_billions")
    expect(count).to_have_value("340")  # as typed, not 340.000
    count.fill("540")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()

    warning = page.locator("[data-factcheck-confirm]")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("heading")).to_have_text(
        re.compile(rf"^This changes \d+ live articles?: .*{re.escape(ARTICLE)}")
    )
    expect(warning).to_contain_text("~340B (estimated) → ~540B (estimated)")
    checked_on = warning.get_by_label("Facts checked on")
    expect(checked_on).to_have_value(date.today().isoformat())
    save_screenshot(page, "facts-warning", full_page=False)
    violations = axe_violations(page, "[data-factcheck-confirm]")
    assert not violations, describe_violations(violations)
    # Nothing reached the article yet.
    reader = visitor_factory().page
    reader.goto(content.article.url)
    expect(reader.locator("table", has_text="PaLM 2").first).to_contain_text("340B")

    new_date = date.today() - timedelta(days=1)
    checked_on.fill(new_date.isoformat())
    # The step asks whether the model's sources still back the new value.
    warning.get_by_label("Yes: the sources listed above support the new values").check()
    warning.get_by_role("button", name="Confirm the check date and publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    palm.refresh_from_db()
    assert palm.max_parameters_billions == 540 and palm.as_of == new_date
    reader.goto(content.article.url)
    row = reader.locator("tr", has=reader.locator("th", has_text="PaLM 2")).first
    expect(row).to_contain_text("540B")

    # The change is in the model's fact history, and on the dashboard.
    page.goto(f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/")
    page.get_by_role("tab", name="Fact history").click()
    history = page.locator(".factcheck-history")
    expect(history).to_contain_text("~340B (estimated) → ~540B (estimated)")
    expect(history).to_contain_text(editor.username)
    save_screenshot(page, "fact-history", full_page=False)
    page.goto("/admin/")
    expect(page.locator("#changed-facts-section, [id^=changed-facts]").first).to_contain_text(
        "PaLM 2: parameters changed"
    )
    save_screenshot(page, "dashboard-facts")
