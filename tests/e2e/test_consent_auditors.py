"""The consent auditor screens in a real browser (issue 18, Auditors): the acceptance chart
uses the width it has and keeps its last day's label inside, and the report, a policy
version, the comparison and the list pass axe in light and dark."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from .helpers import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
    log_in,
    save_screenshot,
)
from .nu_checker import nu_errors

pytestmark = pytest.mark.e2e


@pytest.fixture
def audit_trail(content):
    from consent.models import ConsentPolicyVersion, ConsentRecord
    from consent.policy import consent_config, ensure_policy_version

    old = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
    new = ensure_policy_version(old.text.replace("a few cookies", "two kinds of cookies"))
    now = timezone.now()
    methods = ["accept_all", "reject_all", "preferences", "withdrawal", "gpc"]
    for day in range(30):
        for i in range(day % 5 + 1):
            ConsentRecord.objects.create(
                consent_id=uuid.uuid4(),
                method=methods[(day + i) % 5],
                decisions={"analytics": i % 2 == 0, "personalisation": False},
                policy_version=old if day > 5 else new,
                created_at=now - timedelta(days=day, minutes=i),
                path="/",
                user_agent="Mozilla/5.0",
                ip_hash="f" * 64,
            )
    return old, new


def pages(old, new):
    return {
        "report": "/admin/consent/records/report/",
        "version": f"/admin/consent/records/versions/{new.pk}/",
        "diff": f"/admin/consent/records/versions/diff/?a={old.pk}&b={new.pk}",
        "list": "/admin/consent/records/",
        "log-status": "/admin/consent/records/log-status/",
    }


def test_chart_fills_the_column_and_keeps_the_last_label_inside(
    visitor_factory, editor, audit_trail
):
    visitor = visitor_factory(viewport=DESKTOP)
    log_in(visitor.page, editor)
    visitor.goto("/admin/consent/records/report/")
    chart = visitor.page.locator("#consent-method-chart").bounding_box()
    column = visitor.page.locator(".consent-report-range").bounding_box()
    assert chart["width"] >= column["width"] - 1  # not squeezed to 650-720 px
    assert chart["x"] + chart["width"] <= DESKTOP["width"]
    last = visitor.page.locator("#consent-method-chart text[text-anchor=middle]").last
    label = last.bounding_box()
    assert label["x"] + label["width"] <= chart["x"] + chart["width"]
    assert last.text_content() == f"{timezone.now():%d %b}"
    save_screenshot(visitor.page, "consent-acceptance-report-1280")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_auditor_pages_pass_axe(visitor_factory, editor, audit_trail, scheme):
    visitor = visitor_factory(viewport=DESKTOP, bypass_csp=True, color_scheme=scheme)
    log_in(visitor.page, editor)
    report = {}
    for name, path in pages(*audit_trail).items():
        visitor.goto(path)
        if violations := axe_violations(visitor.page, "main"):
            report[name] = describe_violations(violations)
    assert report == {}, report


def test_version_and_diff_fit_a_phone(visitor_factory, editor, audit_trail):
    visitor = visitor_factory(viewport=PHONE)
    log_in(visitor.page, editor)
    for name in ("version", "diff", "report"):
        visitor.goto(pages(*audit_trail)[name])
        assert horizontal_overflow(visitor.page) == 0, name


def test_auditor_markup_passes_the_nu_html_checker(client, editor, audit_trail, tmp_path):
    """Our templates' part of each page (Wagtail's <main>), inside a minimal document: the
    admin chrome around it is Wagtail's, not ours."""
    client.force_login(editor)
    files = {}
    for name, path in pages(*audit_trail).items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>") + len("</main>")]
        target = tmp_path / f"{name}.html"
        target.write_text(f'<!doctype html><html lang="en"><title>{name}</title>{main}</html>')
        files[f"file:{target}"] = name
    problems = [
        f"{files.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in nu_errors(sorted(tmp_path.glob("*.html")))
        # Wagtail's own filter menu (a <div> inside each <button>) is not our markup.
        if "not allowed as child of element “button”" not in m["message"]
    ]
    assert problems == [], "\n".join(problems)
