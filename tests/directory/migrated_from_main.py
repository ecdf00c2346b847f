"""Run in a child process by test_migration_from_main.py, against a scratch database.

``old``: migrates an empty database to the state main had before the registry moved (every
migration except directory 0001 and whatever depends on it, so articles stops at 0008), then
writes what a working site holds, through the historical models of that state: an organisation
and a foundation model with sources, revisions and publish log entries, a fact-change log
entry, an article page showing the model, reference-index rows, and a group permission.
``new``: runs ``manage.py migrate`` on it and reads the same things back through today's
models, views and admin. Each prints one JSON object on stdout.
"""

import json
import os
import sys
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import django

MOVE = ("directory", "0001_registry_from_articles")
REGISTRY = ("foundationmodel", "organisation", "modality", "foundationmodelsource")
EDITED_ON = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PUBLISHED_AGAIN_ON = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
BLOCK_ID = "6f1d2c3b-0000-4000-8000-00000000a001"


def migrate_to_main():
    """Applies every migration but the move; returns the historical apps of that state."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    later = {*graph.backwards_plan(MOVE), MOVE}  # the move and all that depends on it
    plan = [
        (migration, backwards)
        for migration, backwards in executor.migration_plan(graph.leaf_nodes())
        if (migration.app_label, migration.name) not in later
    ]
    executor.migrate(graph.leaf_nodes(), plan=plan)
    last = {}
    for migration, _ in plan:
        last[migration.app_label] = (migration.app_label, migration.name)
    state = executor.loader.project_state(list(last.values()))
    # What `migrate` does after the last migration: content types and permissions.
    emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
    return state.apps, last["articles"]


def revision_content(model, developer, modality, source, billions, as_of, revision=None):
    return {
        "pk": model.pk,
        "latest_revision": revision,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": None,
        "last_published_at": None,
        "live_revision": revision,
        "go_live_at": None,
        "expire_at": None,
        "expired": False,
        "locked": False,
        "locked_at": None,
        "locked_by": None,
        "name": model.name,
        "slug": model.slug,
        "developer": developer.pk,
        "parameter_status": "disclosed",
        "min_parameters_billions": None,
        "max_parameters_billions": billions,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "release_date": "2023-05-10",
        "open_weights": False,
        "licence": "",
        "as_of": as_of,
        "sources": [
            {
                "pk": source.pk,
                "sort_order": 0,
                "model": model.pk,
                "fact": "parameters",
                "url": source.url,
                "title": source.title,
                "accessed": source.accessed.isoformat(),
            }
        ],
        "modalities": [modality.pk],
    }


def build_main_database():
    apps, articles_at = migrate_to_main()
    model = apps.get_model
    ContentType = model("contenttypes", "ContentType")
    types = {name: ContentType.objects.get(app_label="articles", model=name) for name in REGISTRY}
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    article_type = ContentType.objects.get(app_label="articles", model="articlepage")

    editor = model("auth", "User").objects.create(username="editor", is_active=True)
    editors = model("auth", "Group").objects.get(name="Editors")
    editors.permissions.add(
        model("auth", "Permission").objects.get(
            content_type=types["foundationmodel"], codename="change_foundationmodel"
        )
    )
    editor.groups.add(editors)

    google = model("articles", "Organisation").objects.create(
        name="Google DeepMind", slug="google", live=True, first_published_at=EDITED_ON
    )
    text = model("articles", "Modality").objects.get(slug="text")
    FoundationModel = model("articles", "FoundationModel")
    palm = FoundationModel.objects.create(
        name="PaLM 2",
        slug="palm-2",
        developer=google,
        max_parameters_billions=Decimal("340"),
        release_date=date(2023, 5, 10),
        as_of=date(2026, 1, 10),
        live=True,
        first_published_at=EDITED_ON,
        last_published_at=PUBLISHED_AGAIN_ON,
    )
    FoundationModel.modalities.through.objects.create(foundationmodel=palm, modality=text)
    source = model("articles", "FoundationModelSource").objects.create(
        model=palm,
        sort_order=0,
        fact="parameters",
        url="https://example.org/palm-2-report",
        title="PaLM 2 technical report",
        accessed=date(2026, 1, 10),
    )

    Revision = model("wagtailcore", "Revision")
    LogEntry = model("wagtailcore", "ModelLogEntry")
    revisions, entries = [], []
    for when, billions, as_of in (
        (EDITED_ON, "340", "2026-01-10"),
        (PUBLISHED_AGAIN_ON, "540", "2026-02-01"),
    ):
        revision = Revision.objects.create(
            content_type=types["foundationmodel"],
            base_content_type=types["foundationmodel"],
            object_id=str(palm.pk),
            created_at=when,
            user=editor,
            object_str="PaLM 2",
            content=revision_content(palm, google, text, source, billions, as_of),
        )
        entry = LogEntry.objects.create(
            content_type=types["foundationmodel"],
            object_id=str(palm.pk),
            label="PaLM 2",
            action="wagtail.publish",
            data={},
            timestamp=when,
            user=editor,
            revision=revision,
            content_changed=True,
        )
        revisions.append(revision.pk)
        entries.append(entry.pk)
    FoundationModel.objects.filter(pk=palm.pk).update(
        latest_revision_id=revisions[-1],
        live_revision_id=revisions[-1],
        max_parameters_billions=Decimal("540"),
        as_of=date(2026, 2, 1),
    )
    renamed = LogEntry.objects.create(
        content_type=types["organisation"],
        object_id=str(google.pk),
        label="Google DeepMind",
        action="factcheck.facts_changed",
        data={
            "changes": [{"label": "Developer", "old": "Google", "new": "Google DeepMind"}],
            "articles": [{"id": 0, "title": "Model zoo"}],
            "checked_on": "2026-01-10",
        },
        timestamp=EDITED_ON,
        user=editor,
        content_changed=True,
    )

    Page = model("wagtailcore", "Page")
    root = Page.objects.get(depth=1)
    zoo = model("articles", "ArticlePage").objects.create(
        title="Model zoo",
        draft_title="Model zoo",
        slug="model-zoo",
        content_type=article_type,
        path=root.path + "ZZZZ",
        depth=2,
        numchild=0,
        url_path="/model-zoo/",
        live=True,
        locale=model("wagtailcore", "Locale").objects.first(),
        translation_key=uuid.uuid4(),
        first_published_at=EDITED_ON,
        last_published_at=EDITED_ON,
        standfirst="Which model is which.",
        body=json.dumps([table_block(palm)]),
        further_reading="[]",
        first_published=date(2026, 1, 10),
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)

    Reference = model("wagtailcore", "ReferenceIndex")
    from wagtail.models import ReferenceIndex as CurrentReferenceIndex  # hashing only

    def reference(source_type, base_type, object_id, target_type, target_id, path, content):
        return Reference.objects.create(
            content_type=source_type,
            base_content_type=base_type,
            object_id=str(object_id),
            to_content_type=target_type,
            to_object_id=str(target_id),
            model_path=path,
            content_path=content,
            content_path_hash=CurrentReferenceIndex._get_content_path_hash(content),
        ).pk

    references = [
        reference(
            article_type, page_type, zoo.pk, types["foundationmodel"], palm.pk,
            "body.model_table.models", f"body.{BLOCK_ID}.models",
        ),
        reference(
            types["foundationmodel"], types["foundationmodel"], palm.pk,
            types["organisation"], google.pk, "developer", "developer",
        ),
    ]  # fmt: skip
    return {
        "articles_at": list(articles_at),
        "content_types": {name: ct.pk for name, ct in types.items()},
        "palm": palm.pk,
        "google": google.pk,
        "page": zoo.pk,
        "revisions": revisions,
        "publish_entries": entries,
        "renamed_entry": renamed.pk,
        "references": references,
    }


def table_block(model):
    return {
        "type": "model_table",
        "id": BLOCK_ID,
        "value": {
            "caption": "Key foundation models",
            "models": [model.pk],
            "columns": ["name", "developer", "parameters"],
            "default_sort": "",
            "sort_direction": "asc",
            "show_sources": True,
        },
    }


def migrate_and_read():
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

    from directory.freshness import pages_showing
    from directory.history import model_history
    from directory.models import FoundationModel, Organisation
    from factcheck.history import fact_history

    call_command("migrate", verbosity=0, interactive=False)
    palm = FoundationModel.objects.get(slug="palm-2")
    google = Organisation.objects.get(slug="google")
    admin = get_user_model().objects.create_superuser("checker", "checker@example.org", "x")
    client = Client()
    client.force_login(admin)

    def admin_page(url):
        response = client.get(url)
        return response.status_code, response.content.decode()

    snippets = "/admin/snippets/directory"
    edit_status, edit_html = admin_page(f"{snippets}/foundationmodel/edit/{palm.pk}/")
    usage_status, usage_html = admin_page(f"{snippets}/foundationmodel/usage/{palm.pk}/")
    org_status, org_html = admin_page(f"{snippets}/organisation/edit/{google.pk}/")
    return {
        "content_types": {
            ct.model: [ct.pk, ct.app_label]
            for ct in ContentType.objects.filter(model__in=REGISTRY).order_by("model")
        },
        "palm": palm.pk,
        "revisions": list(
            Revision.objects.for_instance(palm).order_by("pk").values_list("pk", flat=True)
        ),
        "latest_revision": palm.latest_revision_id,
        "live_revision": palm.live_revision_id,
        "palm_log": list(
            ModelLogEntry.objects.for_instance(palm).order_by("pk").values_list("pk", "action")
        ),
        "google_log": list(
            ModelLogEntry.objects.for_instance(google).order_by("pk").values_list("pk", "action")
        ),
        "fact_history": [
            [change.label, change.old, change.new]
            for entry in fact_history(palm)
            for change in entry.changes
        ],
        "organisation_history": [
            [change.label, change.old, change.new]
            for entry in fact_history(google)
            for change in entry.changes
        ],
        "public_history": [
            [change.label, change.old, change.new]
            for entry in model_history(palm)
            for change in entry.changes
        ],
        "shown_on": [page.title for page in pages_showing([palm])],
        "references_to_palm": sorted(
            ReferenceIndex.get_references_to(palm).values_list("pk", flat=True)
        ),
        "references_to_google": sorted(
            ReferenceIndex.get_references_to(google).values_list("pk", flat=True)
        ),
        "editor_may_change": get_user_model()
        .objects.get(username="editor")
        .has_perm("directory.change_foundationmodel"),
        "edit_page": [edit_status, "Fact history" in edit_html, "340B → 540B" in edit_html],
        "usage_page": [usage_status, "Model zoo" in usage_html],
        "organisation_page": [org_status, "Google → Google DeepMind" in org_html],
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astermind_site.settings.test")
    django.setup()
    phase = {"old": build_main_database, "new": migrate_and_read}[sys.argv[1]]
    print(json.dumps(phase()))
