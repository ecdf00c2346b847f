"""Small rules of the reading site, tested directly."""

import os
import subprocess
import sys

import pytest

from articles.blocks import anchor_for
from articles.models import paginate, reading_minutes, table_of_contents
from articles.search import MAX_QUERY_LENGTH, clean_query, search_terms


def test_anchor_prefers_editor_anchor_then_heading():
    assert anchor_for({"heading": "Why It Matters", "anchor": ""}) == "why-it-matters"
    assert anchor_for({"heading": "Why It Matters", "anchor": "Why"}) == "why"
    assert anchor_for({"heading": "!!!", "anchor": ""}) == "section"


def test_reading_minutes_counts_text_not_configuration():
    words = " ".join(["word"] * 460)
    stream = [
        {"type": "heading", "value": {"heading": "Title", "level": "h2", "anchor": "x"}},
        {"type": "paragraph", "value": f"<p>{words}</p>"},
        {"type": "list", "value": {"style": "bulleted", "items": ["<p>one two</p>"]}},
    ]
    # 460 + 1 + 2 words at 230 a minute is just over two minutes.
    assert reading_minutes(stream) == 3
    assert reading_minutes([]) == 1


def test_reading_minutes_counts_words_on_either_side_of_a_tag_apart():
    # 228 words in one paragraph and one in the next: 229, under a minute's 230.
    words = " ".join(["word"] * 228)
    stream = [{"type": "paragraph", "value": f"<p>{words}</p><p>last</p>"}]
    assert reading_minutes(stream) == 1
    # Two words with nothing but tags between them are two (231 words: two minutes).
    assert reading_minutes(stream, "<b>one</b><i>two</i>") == 2


def test_table_of_contents_nests_subsections_under_sections():
    stream = [
        {"type": "heading", "value": {"heading": "Sub first", "level": "h3", "anchor": ""}},
        {"type": "heading", "value": {"heading": "How it works", "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": "<p>x</p>"},
        {"type": "heading", "value": {"heading": "Pre-training", "level": "h3", "anchor": ""}},
        {"type": "heading", "value": {"heading": "Why", "level": "h2", "anchor": "why-it-matters"}},
    ]
    assert table_of_contents(stream) == [
        {"anchor": "sub-first", "heading": "Sub first", "children": []},
        {
            "anchor": "how-it-works",
            "heading": "How it works",
            "children": [{"anchor": "pre-training", "heading": "Pre-training", "children": []}],
        },
        {"anchor": "why-it-matters", "heading": "Why", "children": []},
    ]


@pytest.mark.parametrize(
    "number, expected",
    [("2", 2), ("-1", 3), ("0", 3), ("99999999999", 3), ("abc", 1), ("9" * 5000, 1), (None, 1)],
)
def test_paginate_falls_back_on_nonsense(number, expected):
    assert paginate(list(range(25)), number, per_page=10).number == expected


def test_clean_query_folds_whitespace_and_caps_length():
    assert clean_query("  foundation \n model ") == "foundation model"
    assert len(clean_query("x" * 5000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def _django_check(settings_module, env):
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS")
    }
    full_env.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_and_hosts():
    result = _django_check("astermind_site.settings.production", {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = _django_check("astermind_site.settings.production", {"DJANGO_SECRET_KEY": "x" * 60})
    assert "ALLOWED_HOSTS must be set" in result.stderr


CONFIGURED = {"DJANGO_SECRET_KEY": "k3y-" + "abcdefghij" * 6, "ALLOWED_HOSTS": "learn.example.org"}
# An Ed25519 seed (base64) for the consent log's checkpoints, for this check only.
LOG_KEY = {"CONSENT_LOG_SIGNING_KEY": "cHJvZHVjdGlvbi1jaGVjay1vbmx5LWtleS0zMmJ5dGU="}


def test_production_passes_deploy_checks_when_configured():
    result = _django_check("astermind_site.settings.production", {**CONFIGURED, **LOG_KEY})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_the_consent_log_key():
    result = _django_check(
        "astermind_site.settings.production", {**CONFIGURED, "CONSENT_LOG_SIGNING_KEY": ""}
    )
    assert result.returncode == 1
    assert "(consent.E001) CONSENT_LOG_SIGNING_KEY is not set" in result.stderr


def test_search_terms_keep_words_drop_syntax():
    assert search_terms('" OR 1=1 --') == "OR 1 1"
    assert search_terms("fine-tuning vs. prompting") == "fine tuning vs prompting"
    assert search_terms("modèle 基础模型") == "modèle 基础模型"
    assert search_terms("*:() &|!") == ""
