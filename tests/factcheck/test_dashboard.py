"""The editor's dashboard panels, and the stale-facts warning on an article's edit view."""

import json
from datetime import date, timedelta

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticlePageFactory
from tests.table_factories import FoundationModelFactory, model_table, publish

from .conftest import model_form


def panel(html, panel_id):
    """The HTML of one dashboard panel ("" when the dashboard leaves it out)."""
    start = html.find(f'id="{panel_id}')
    if start == -1:
        return ""
    end = html.find("</section>", start)
    return html[start:end]


def dashboard(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_facts_to_review_lists_stale_facts_with_edit_links(admin_client, scene, settings):
    settings.FACTCHECK_REVIEW_AFTER_DAYS = 30
    stale = FoundationModelFactory(name="Old Timer", as_of=date.today() - timedelta(days=31))
    FoundationModelFactory(name="Fresh One", as_of=date.today() - timedelta(days=29))
    FoundationModelFactory(name="Unpublished", live=False, as_of=date(2020, 1, 1))
    html = panel(dashboard(admin_client), "facts-to-review")
    assert "Facts to review" in html and "Old Timer" in html
    assert f"/admin/snippets/directory/foundationmodel/edit/{stale.pk}/" in html
    assert "Fresh One" not in html and "Unpublished" not in html


def test_facts_to_review_links_to_the_rest(admin_client, db, settings):
    settings.FACTCHECK_DASHBOARD_ROWS = 2
    for n in range(3):
        FoundationModelFactory(name=f"Old {n}", as_of=date(2020, 1, 1 + n))
    html = panel(dashboard(admin_client), "facts-to-review")
    assert "Old 0" in html and "Old 1" in html and "Old 2" not in html
    assert "And 1 more" in html
    assert "/admin/snippets/directory/foundationmodel/?ordering=as_of" in html


def test_the_review_period_defaults_to_180_days(admin_client, db):
    FoundationModelFactory(name="Half a year", as_of=date.today() - timedelta(days=181))
    FoundationModelFactory(name="Five months", as_of=date.today() - timedelta(days=150))
    html = panel(dashboard(admin_client), "facts-to-review")
    assert "Half a year" in html and "Five months" not in html


def test_fact_panels_need_the_permission_to_edit_facts(signed_in, editor, fact_editor, db):
    FoundationModelFactory(name="Old Timer", as_of=date(2020, 1, 1))
    assert "Facts to review" not in dashboard(signed_in(editor))
    assert "Old Timer" in panel(dashboard(signed_in(fact_editor)), "facts-to-review")


def test_recently_changed_facts_come_from_published_revisions(admin_client, scene):
    palm, url = scene["palm"], f"/admin/snippets/directory/foundationmodel/edit/{scene['palm'].pk}/"
    data = model_form(palm, licence="Proprietary")
    asked = admin_client.post(url, data)
    answer = {
        "facts_change_seen": asked.context["check_form"]["facts_change_seen"].value(),
        "facts_checked_on": date.today().isoformat(),
        "sources_support": "hold",
    }
    assert admin_client.post(url, {**data, **answer}).status_code == 302
    html = panel(dashboard(admin_client), "changed-facts")
    assert "PaLM 2: licence changed" in html and url in html


def test_drafts_scheduled_and_due_articles(signed_in, editor, section, settings):
    settings.FACTCHECK_REVIEW_AFTER_DAYS = 90
    old = date.today() - timedelta(days=200)
    due = ArticlePageFactory(parent=section, title="Long ago", first_published=old)
    ArticlePageFactory(parent=section, title="Reviewed lately", first_published=old,
                       last_reviewed=date.today())  # fmt: skip
    ArticlePageFactory(parent=section, title="Brand new")
    mine = ArticlePageFactory(parent=section, title="My draft", live=False)
    mine.save_revision(user=editor)
    soon = ArticlePageFactory(parent=section, title="Coming soon", live=False)
    soon.go_live_at = timezone.now() + timedelta(days=2)
    soon.save_revision(user=editor, approved_go_live_at=soon.go_live_at)

    html = dashboard(signed_in(editor))
    drafts, scheduled, review = (
        panel(html, "your-drafts"),
        panel(html, "scheduled-articles"),
        panel(html, "articles-due"),
    )
    assert "My draft" in drafts and "not yet published" in drafts
    assert "Coming soon" in scheduled and "goes live" in scheduled
    assert "Long ago" in review and f"/admin/pages/{due.pk}/edit/" in review
    assert "Reviewed lately" not in review and "Brand new" not in review


def test_an_article_showing_stale_facts_warns_its_editor(admin_client, section, settings):
    settings.FACTCHECK_REVIEW_AFTER_DAYS = 180
    stale = publish(FoundationModelFactory(name="Dusty", as_of=date(2024, 1, 5)))
    fresh = publish(FoundationModelFactory(name="Shiny", as_of=date.today()))
    body = json.dumps([model_table([stale, fresh])])
    article = ArticlePageFactory(parent=section, title="Stale table", body=body)
    response = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "more than 180 days ago" in warnings[0] and "Dusty" in warnings[0]
    assert "5 Jan 2024" in warnings[0] and "Shiny" not in warnings[0]
    assert f"/admin/snippets/directory/foundationmodel/edit/{stale.pk}/" in warnings[0]
    # The edit view shows it, with a working link to the model.
    link = f'<a href="/admin/snippets/directory/foundationmodel/edit/{stale.pk}/">Dusty</a>'
    assert link in response.content.decode()

    clean = ArticlePageFactory(parent=section, body=json.dumps([model_table([fresh])]))
    response = admin_client.get(f"/admin/pages/{clean.pk}/edit/")
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_dashboard_queries_do_not_grow_with_rows(
    admin_client, section, django_assert_max_num_queries
):
    def add_rows(start, count):
        for n in range(start, start + count):
            publish(FoundationModelFactory(name=f"Old {n}", as_of=date(2020, 1, 1)))
            ArticlePageFactory(parent=section, title=f"Due {n}", first_published=date(2020, 1, 1))

    add_rows(0, 1)
    with CaptureQueriesContext(connection) as few:
        dashboard(admin_client)
    add_rows(1, 5)
    with django_assert_max_num_queries(len(few)):
        html = dashboard(admin_client)
    assert "Old 5" in panel(html, "facts-to-review") and "Due 5" in panel(html, "articles-due")
