"""Consent asked and proven in the reader's language (issue 20): a policy version per language
with its own SHA-256, the record's language, the no-JS form, GPC and receipts under /de/, and a
change to the German text asking German readers only."""

import json
import re
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from consent import state
from consent.audit.receipt import receipt_payload, signed_receipt
from consent.audit.receipt_check import verify_receipt
from consent.digests import canonical_content, record_leaf_hash
from consent.log import make_checkpoint
from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord, ConsentTextSettings
from consent.policy import consent_config, invalidate_config
from consent.policy_text import policy_text, wording
from consent.templatetags.consent_tags import client_text
from tests.consent.log_tools import add_record
from tests.i18n.conftest import translate

CONSENT_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "consent.js"


def english():
    return ConsentPolicyVersion.objects.get(pk=consent_config("en")["version"])


def german():
    return ConsentPolicyVersion.objects.get(pk=consent_config("de")["version"])


def page_config(html):
    return json.loads(re.search(r'id="consent-config"[^>]*>(.*?)</script>', html, re.S)[1])


def signed(version):
    return state.encode(
        state.ConsentState(
            status=state.VALID,
            consent_id=uuid.UUID("12345678123456781234567812345678"),
            policy_version=version.pk,
            decided_at=timezone.now(),
            method=ConsentMethod.ACCEPT_ALL,
            accepted=frozenset({"analytics"}),
        )
    )


# --- one version per language -----------------------------------------------------------------


def test_each_language_has_its_own_version_text_and_hash(db):
    en, de = english(), german()
    assert (en.language, de.language) == ("en", "de")
    assert en.pk != de.pk and en.sha256 != de.sha256
    assert de.sha256 == ConsentPolicyVersion.digest(de.text)
    # Each is the first of its own chain.
    assert en.supersedes_id is None and de.supersedes_id is None
    assert en.text.startswith("# Banner\nCookie preferences\nAsterMind Learn uses a few cookies")
    assert de.text.startswith(
        "# Banner\nCookie-Einstellungen\nAsterMind Learn setzt einige Cookies"
    )
    assert "## Statistik [analytics] (optional)" in de.text
    assert "## Notwendig [necessary] (erforderlich, immer aktiv)" in de.text
    assert "- am_prefs | Zweck: Merkt sich die Leseeinstellungen, die Sie gewählt haben." in de.text
    assert "| Speicherdauer: 1 Jahr | Anbieter: AsterMind Learn | Domain: diese Website" in de.text
    assert "# Cookie-Verzeichnis" in de.text and "# Cookie registry" not in de.text


def test_the_english_text_is_made_exactly_as_before_languages(db):
    """The English version in force before this change stays in force: the same words and
    labels, in the same order, give the same text and so the same hash."""
    groups = [
        {
            "varname": "necessary",
            "name": "Necessary",
            "description": "Needed.",
            "is_required": True,
            "cookies": [
                {
                    "name": "am_consent",
                    "purpose": "",
                    "lifetime": "6 months",
                    "provider": "",
                    "domain": "",
                    "path": "/",
                }
            ],
        }
    ]
    words = {"banner_title": "T", "banner_text": "B", "preferences_text": "P", "policy_text": "C"}
    assert policy_text(words, groups, "en") == (
        "# Banner\nT\nB\n\n# Preferences\nP\n\n# Cookie policy\nC\n\n# Cookie registry\n"
        "## Necessary [necessary] (required, always on)\nNeeded.\n"
        "- am_consent | purpose: not stated | lifetime: 6 months | provider: not stated"
        " | domain: this site | path: /\n"
    )


def test_a_german_editor_text_overrides_the_catalogue_and_makes_a_german_version_only(db):
    en_before, de_before = english(), german()
    texts = ConsentTextSettings.load()
    texts.banner_text_de = "Neuer deutscher Bannertext."
    texts.save()
    invalidate_config()
    en_after, de_after = english(), german()
    assert en_after.pk == en_before.pk
    assert de_after.pk != de_before.pk and de_after.supersedes_id == de_before.pk
    assert de_after.language == "de"
    assert "Neuer deutscher Bannertext." in de_after.text
    assert wording("de")["banner_text"] == "Neuer deutscher Bannertext."
    assert wording("en")["banner_text"].startswith("AsterMind Learn uses a few cookies")


def test_a_language_has_one_first_version_only(db):
    german()  # the German chain has its first version
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentPolicyVersion.objects.create(text="another first", language="de")


# --- the German pages -------------------------------------------------------------------------


def test_the_german_cookie_page_is_german_and_names_the_german_version(client, home):
    de = german()
    response = client.get("/de/cookies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "<h1>Cookie-Richtlinie</h1>" in html
    assert "Auf dieser Seite steht jedes Cookie, das AsterMind Learn setzen kann" in html
    assert '<h2 id="consent-registry">Die Cookies, die wir verwenden</h2>' in html
    assert "<caption>Cookies: Notwendig</caption>" in html
    assert "<p>Zurzeit gibt es in dieser Gruppe keine Cookies.</p>" in html  # analytics off
    assert 'action="/de/cookies/preferences/"' in html
    assert 'formaction="/de/cookies/accept/"' in html
    assert f'<input type="hidden" name="policy_version" value="{de.pk}">' in html
    assert f"Richtlinienversion {de.pk} · SHA-256 <code>{de.sha256[:16]}…</code>" in html
    # The dialog and the script's words come from the page, in German.
    assert '<h2 id="consent-dialog-title" class="consent-title">Cookie-Einstellungen</h2>' in html
    config = page_config(html)
    assert config["version"] == de.pk and config["language"] == "de"
    assert config["versions"] == sorted([english().pk, de.pk])
    assert config["sentenceNames"]["analytics"] == "Statistik"
    assert config["text"]["acceptedAll"] == "Sie haben die Cookies für {accepted} akzeptiert."
    assert config["text"]["and"] == " und "
    assert config["preferencesUrl"] == "/de/cookies/preferences/"


def test_the_english_cookie_page_is_unchanged(client, home):
    en = english()
    html = client.get("/cookies/").content.decode()
    assert "<h1>Cookie policy</h1>" in html
    assert 'action="/cookies/preferences/"' in html
    assert f'<input type="hidden" name="policy_version" value="{en.pk}">' in html
    config = page_config(html)
    assert config["sentenceNames"]["analytics"] == "analytics"
    assert config["text"]["acceptedAll"] == "You accepted {accepted} cookies."


def test_the_banner_on_a_german_page_is_german(client, home):
    translate(home, title="Startseite")
    html = client.get("/de/").content.decode()
    assert '<h2 id="consent-banner-title" class="consent-title">Cookie-Einstellungen</h2>' in html
    assert 'data-consent-action="accept">Alle akzeptieren</button>' in html
    assert 'data-consent-action="decline">Alle ablehnen</button>' in html
    assert (
        'href="/de/cookies/#consent-preferences" data-consent-open>Einstellungen verwalten' in html
    )
    assert f'name="policy_version" value="{german().pk}"' in html
    assert '<a href="/de/cookies/">Cookie-Richtlinie</a>' in html


def test_the_consent_script_holds_no_words_of_its_own():
    """Every sentence the script shows comes from the page, in the page's language."""
    script = CONSENT_JS.read_text()
    with override("en-gb"):
        # (" and ", the joiner, is too short a word to look for.)
        sentences = [text for key, text in client_text().items() if key != "and"]
    assert len(sentences) == 5
    for sentence in sentences:
        assert sentence not in script
    for stray in ("You accepted", "You rejected", "have been saved", "could not be saved"):
        assert stray not in script


# --- choices made in German -------------------------------------------------------------------


def test_a_no_js_german_choice_is_recorded_in_german(browser, home):
    de = german()
    response = browser.choose(
        "/de/cookies/accept/", {"policy_version": str(de.pk), "next": "/de/cookies/"}
    )
    assert response.status_code == 303
    assert response["Location"] == "/de/cookies/"
    record = ConsentRecord.objects.get()
    assert (record.language, record.policy_version_id) == ("de", de.pk)
    assert record.policy_version.sha256 == de.sha256
    assert record.decisions["analytics"] is True
    # The cookie names the German version; the German page shows it as current, in German.
    html = browser.get("/de/cookies/").content.decode()
    assert '<dd data-consent-choice="analytics">Akzeptiert</dd>' in html
    assert '<dd data-consent-language="de">Deutsch</dd>' in html
    assert "<dd>Alle akzeptieren</dd>" in html


def test_a_json_german_choice_answers_with_its_language(browser, home):
    de = german()
    response = browser.choose("/de/cookies/decline/", {"policy_version": str(de.pk)}, json=True)
    assert response.status_code == 200
    body = response.json()
    assert (body["language"], body["version"], body["accepted"]) == ("de", de.pk, [])


def test_gpc_on_a_german_page_is_recorded_in_german(browser, home):
    de = german()
    response = browser.choose(
        "/de/cookies/gpc/", {"policy_version": str(de.pk)}, json=True, HTTP_SEC_GPC="1"
    )
    assert response.status_code == 200
    record = ConsentRecord.objects.get()
    assert (record.method, record.language) == (ConsentMethod.GPC, "de")


def test_a_german_choice_without_a_version_takes_the_german_version_in_force(browser, home):
    browser.choose("/de/cookies/accept/", {})
    assert ConsentRecord.objects.get().policy_version_id == german().pk


def test_bad_input_on_a_german_page_is_answered_in_german(browser, home):
    response = browser.choose("/de/cookies/accept/", {"cookie_groups": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unbekannte Cookie-Gruppe: nope." in html
    assert "<h1>Ihre Cookie-Auswahl wurde nicht gespeichert</h1>" in html
    json_answer = browser.choose("/de/cookies/accept/", {"cookie_groups": "nope"}, json=True)
    assert json_answer.json() == {"ok": False, "error": "Unbekannte Cookie-Gruppe: nope."}


# --- a new German text asks German readers again, and no one else -----------------------------


def test_a_new_german_text_asks_german_readers_again_and_no_one_else(client, home):
    en, de = english(), german()
    english_reader, german_reader = signed(en), signed(de)

    def decided(cookie, url="/cookies/state.json"):
        client.cookies.load({"am_consent": cookie})
        return client.get(url).json()["decided"]

    # Before: both choices stand, on English and German pages alike.
    assert decided(english_reader) and decided(german_reader)
    assert decided(german_reader, "/de/cookies/state.json")

    texts = ConsentTextSettings.load()
    texts.preferences_text_de = "Bitte wählen Sie, was wir verwenden dürfen."
    texts.save()
    invalidate_config()
    assert german().pk != de.pk and english().pk == en.pk

    assert decided(english_reader) and decided(english_reader, "/de/cookies/state.json")
    assert not decided(german_reader) and not decided(german_reader, "/de/cookies/state.json")
    client.cookies.load({"am_consent": german_reader})
    html = client.get("/de/cookies/").content.decode()
    assert "Unsere Cookie-Richtlinie hat sich seit Ihrer Auswahl geändert" in html
    # The boot script on every page knows the new set of versions in force.
    assert f'data-versions="{en.pk} {german().pk}"' in html


# --- the log: language in the leaf, old leaves unchanged ---------------------------------------


def test_an_english_leaf_is_what_it_was_before_records_had_a_language(db):
    """Migration 0006 hashed records whose model had no language; an English record today
    hashes to the very same leaf, so every leaf written before stays valid."""
    record = add_record(english())
    old_shape = SimpleNamespace(
        consent_id=record.consent_id,
        method=record.method,
        decisions=record.decisions,
        policy_version_id=record.policy_version_id,
        created_at=record.created_at,
        path=record.path,
        user_agent=record.user_agent,
        ip_hash=record.ip_hash,
    )
    assert record.leaf_hash == record_leaf_hash(old_shape, record.policy_version.sha256)
    assert '"language"' not in record.canonical_content()


def test_a_german_leaf_covers_its_language(db):
    record = add_record(german())
    assert '"language":"de"' in record.canonical_content()
    as_english = SimpleNamespace(**{**_fields(record), "language": "en"})
    assert record_leaf_hash(as_english, record.policy_version.sha256) != record.leaf_hash
    assert canonical_content(record, record.policy_version.sha256) == record.canonical_content()


def _fields(record):
    names = ("consent_id", "method", "decisions", "policy_version_id", "created_at")
    return {name: getattr(record, name) for name in names} | {
        "path": record.path,
        "user_agent": record.user_agent,
        "ip_hash": record.ip_hash,
    }


def test_the_log_verifies_with_english_and_german_records(db, capsys):
    for days_ago in (3, 2):
        add_record(english(), days_ago=days_ago)
    make_checkpoint(force=True)
    for days_ago in (1, 0):
        add_record(german(), days_ago=days_ago)
    add_record(english())
    make_checkpoint(force=True)
    call_command("verify_consent_log")
    out = capsys.readouterr().out
    assert "5 records" in out or "5 leaves" in out, out


# --- receipts ---------------------------------------------------------------------------------


def test_a_german_receipt_says_de_and_verifies(db):
    consent_id = uuid.uuid4()
    add_record(english(), consent_id=consent_id, days_ago=1)
    add_record(german(), consent_id=consent_id)
    make_checkpoint(force=True)
    records = list(ConsentRecord.objects.filter(consent_id=consent_id).order_by("created_at", "pk"))
    payload = receipt_payload(consent_id, records)
    assert payload["language"] == "de"
    assert [entry["language"] for entry in payload["records"]] == ["en", "de"]
    assert payload["collectionMethod"] == "Cookie-Banner der Website: „Alle akzeptieren“"
    purposes = {p["purpose"]: p["consented"] for p in payload["services"][0]["purposes"]}
    assert purposes["Cookies: Statistik"] is True
    assert payload["policyUrl"].endswith("/de/cookies/")
    verdict = verify_receipt(json.loads(json.dumps(signed_receipt(payload))))
    assert verdict.valid, verdict.problems
    assert len(verdict.records) == 2


def test_an_english_receipt_keeps_english_words_and_urls(db):
    consent_id = uuid.uuid4()
    record = add_record(english(), consent_id=consent_id)
    with override("de"):  # whatever the request's language, the record's decides
        payload = receipt_payload(consent_id, [record])
    assert payload["language"] == "en"
    assert payload["collectionMethod"] == "Website cookie banner: 'Accept all'"
    assert payload["policyUrl"].endswith("/cookies/") and "/de/" not in payload["policyUrl"]


def test_a_receipt_entry_without_a_language_is_english(db):
    """Receipts issued before records had a language still verify."""
    consent_id = uuid.uuid4()
    add_record(english(), consent_id=consent_id)
    make_checkpoint(force=True)
    records = list(ConsentRecord.objects.filter(consent_id=consent_id))
    payload = receipt_payload(consent_id, records)
    for entry in payload["records"]:
        del entry["language"]
    assert verify_receipt(json.loads(json.dumps(signed_receipt(payload)))).valid


# --- auditors ---------------------------------------------------------------------------------


@pytest.fixture
def mixed(db):
    return {
        "en": add_record(english(), path="/english/"),
        "de": add_record(german(), path="/de/deutsch/", decisions={"analytics": False}),
    }


def test_auditors_filter_records_by_language(auditor_client, mixed):
    html = auditor_client.get("/admin/consent/records/?language=de").content.decode()
    assert "/de/deutsch/" in html and "/english/" not in html
    html = auditor_client.get("/admin/consent/records/?language=en").content.decode()
    assert "/english/" in html and "/de/deutsch/" not in html
    bad = auditor_client.get("/admin/consent/records/?language=fr").content.decode()
    assert 'id="consent-filter-errors"' in bad


def test_the_csv_export_has_the_language_column(auditor_client, mixed):
    response = auditor_client.get("/admin/consent/records/export/?language=de")
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = lines[0].split(",")
    assert header[6] == "language" and header[5] == "policy_sha256"
    assert len(lines) == 2
    row = lines[1].split(",")
    assert row[6] == "de" and row[5] == german().sha256


def test_the_report_splits_by_language_and_narrows_to_one(auditor_client, mixed):
    html = auditor_client.get("/admin/consent/records/report/").content.decode()
    table = html[html.index('id="consent-language-table"') :]
    assert '<tr data-language="en"><th scope="row">English</th><td>1</td><td>100% (1/1)</td>' in (
        table
    )
    assert '<tr data-language="de"><th scope="row">German</th><td>1</td><td>0% (0/1)</td>' in (
        table
    )
    narrowed = auditor_client.get("/admin/consent/records/report/?language=de").content.decode()
    method_table = narrowed[narrowed.index('id="consent-method-table"') :]
    # One German choice only (accept_all), not the English one.
    assert "<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>" in method_table
    assert '<option value="de" selected>German</option>' in narrowed


def test_the_evidence_page_shows_the_german_text_exactly(auditor_client, mixed):
    record = mixed["de"]
    html = auditor_client.get(f"/admin/consent/records/evidence/{record.pk}/").content.decode()
    assert 'id="consent-evidence-language" data-language="de">German (<code>de</code>)' in html
    text = html[html.index('id="consent-evidence-text" lang="de">') :]
    assert "Cookie-Einstellungen\nAsterMind Learn setzt einige Cookies" in text
    assert german().sha256 in html


def test_records_made_before_languages_read_as_english(db):
    """The migration's default: a record stored without naming a language is English."""
    record = add_record(english())
    assert ConsentRecord.objects.filter(pk=record.pk, language="en").exists()
    assert ConsentRecord._meta.get_field("language").default == "en"
    assert timezone.now() - record.created_at < timedelta(minutes=1)
