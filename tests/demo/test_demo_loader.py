"""The demo data files and their loader: every file reads, every mistake names its file."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import ArticlePage
from astermind_site.settings import base, dev
from demo import loader
from demo.body import BodyError, parse_body
from demo.loader import DEMO_DIR, in_load_order, load_demo_data, read_article
from demo.schema import DemoContentError
from directory.models import FoundationModel
from tests.demo.demo_files import assert_refused_naming_the_file, by_case, edit

ARTICLE_FILES = sorted((DEMO_DIR / "articles").glob("*.md"))
BLOCK_NAMES = set(ArticlePage._meta.get_field("body").stream_block.child_blocks)
SEED = "what-is-a-foundation-model"


# The shipped files ---------------------------------------------------------------------------


def test_the_demo_has_articles_to_load():
    assert len(ARTICLE_FILES) >= 5
    assert SEED in {path.stem for path in ARTICLE_FILES}


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda path: path.name)
def test_every_article_file_parses(path):
    article = read_article(path, BLOCK_NAMES)
    assert article["slug"] == path.stem and article["title"] and article["standfirst"]
    assert article["body"] and article["body"][0][0] == "paragraph"


def test_the_whole_demo_reads_and_its_references_resolve():
    content = load_demo_data()
    assert [a["slug"] for a in content.articles][-1] == SEED  # it links to all the others
    assert content.home["featured"] == [SEED]
    assert {a["author"] for a in content.articles} == {a["slug"] for a in content.authors}
    assert content.facts_checked.isoformat() == "2026-12-06"


def test_the_demo_stays_out_of_the_production_package_and_settings():
    """Development data: `pip install .` ships no demo package and production installs no
    demo app; the dev and test settings do, so `make run` and the tests load it."""
    root = Path(__file__).parents[2]
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    include = setuptools["packages"]["find"]["include"]
    assert not any(fnmatch(name, pattern) for name in ("demo", "demo.sync") for pattern in include)
    assert "demo" not in str(setuptools.get("package-data", {}))
    assert "demo" not in base.INSTALLED_APPS
    assert '"demo"' not in (root / "astermind_site/settings/production.py").read_text()
    assert dev.INSTALLED_APPS[-1] == settings.INSTALLED_APPS[-1] == "demo"


# Loaded into the database ----------------------------------------------------------------------


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", verbosity=0)


def test_the_loaded_seed_article_has_both_tables(loaded, client):
    seed = ArticlePage.objects.get(slug=SEED)
    tables = {b.block_type: b.value for b in seed.body if b.block_type.endswith("_table")}
    assert set(tables) == {"model_table", "concept_table"}
    models = tables["model_table"]["models"]
    assert all(isinstance(model, FoundationModel) and model.live for model in models)
    assert [m.slug for m in models] == [
        "gpt-4",
        "claude-3",
        "gemini-1-0",
        "llama-3",
        "mixtral-8x22b",
        "palm-2",
    ]
    assert len(tables["concept_table"]["rows"]) == 5
    html = client.get(seed.url).content.decode()
    assert html.count("<table") == 2
    assert "Key foundation models" in html and "task-specific models compared" in html


def test_every_loaded_body_is_valid_for_its_blocks(loaded):
    """What the admin would accept: the data's tones, levels and columns are real choices."""
    stream_block = ArticlePage._meta.get_field("body").stream_block
    for page in ArticlePage.objects.all():
        stream_block.clean(page.body)  # raises ValidationError on any bad value


# Mistakes in the data --------------------------------------------------------------------------


ARTICLE = "articles/on-device-learning.md"
SEED_FILE = f"articles/{SEED}.md"
BROKEN = [  # (case, file, old text, new text)
    ("toml syntax", "facts.toml", 'slug = "claude-3"', 'slug = "claude-3'),
    ("missing key", "site.toml", 'title = "Techniques"\n', ""),
    ("misspelt key", ARTICLE, "title =", "titel ="),
    ("wrong type", ARTICLE, "2026-01-12", '"last January"'),
    ("unknown developer", "facts.toml", 'developer = "meta"', 'developer = "meta-ai"'),
    ("unknown section", ARTICLE, '"edge-ai"\nauthor', '"edge"\nauthor'),
    ("unknown further reading", ARTICLE, '"extreme-learning-machines"', '"extreme-learning"'),
    ("unknown model in a table", SEED_FILE, '"palm-2"', '"palm-3"'),
    ("unknown block", SEED_FILE, "```concept_table", "```chart"),
    ("unclosed front matter", ARTICLE, "+++\n\n", "\n\n"),
    ("slug not the file name", ARTICLE, 'slug = "on-device-learning"', 'slug = "on-device"'),
    ("featured article missing", "site.toml", f'["{SEED}"]', '["nothing"]'),
]


@pytest.mark.parametrize(("name", "old", "new"), by_case(BROKEN))
def test_a_malformed_file_gives_an_error_naming_it(demo_copy, name, old, new):
    assert_refused_naming_the_file(demo_copy, name, old, new)


def test_a_body_error_names_the_file_line(demo_copy):
    path = demo_copy / "articles" / "on-device-learning.md"
    edit(path, "## The constraints", "#### The constraints")
    line = path.read_text().splitlines().index("#### The constraints") + 1
    with pytest.raises(DemoContentError, match=rf"on-device-learning\.md, line {line}: headings"):
        load_demo_data(demo_copy)


def test_the_error_messages_say_what_is_wrong(demo_copy):
    edit(demo_copy / "articles" / "on-device-learning.md", "title =", "titel =")
    with pytest.raises(DemoContentError, match="unknown key.* titel"):
        load_demo_data(demo_copy)


def test_further_reading_in_a_circle_is_refused(demo_copy):
    # on-device-learning already links to extreme-learning-machines; close the circle.
    edit(
        demo_copy / "articles" / "extreme-learning-machines.md",
        "last_reviewed = 2026-09-14\n",
        'last_reviewed = 2026-09-14\n\n[[further_reading]]\narticle = "on-device-learning"\n',
    )
    with pytest.raises(DemoContentError, match="circle: extreme-learning-machines -> on-device"):
        load_demo_data(demo_copy)


def test_the_command_reports_a_broken_file_and_writes_nothing(db, demo_copy, monkeypatch):
    edit(demo_copy / "facts.toml", "checked = 2026-12-06", "checked = soon")
    monkeypatch.setattr(loader, "DEMO_DIR", demo_copy)
    with pytest.raises(CommandError, match="facts.toml: not valid TOML"):
        call_command("load_demo_content", verbosity=0)
    assert not ArticlePage.objects.exists() and not FoundationModel.objects.exists()


def test_articles_load_after_the_articles_they_link_to():
    def article(slug, *links):
        return {"slug": slug, "further_reading": [{"kind": "article", "article": s} for s in links]}

    ordered = in_load_order([article("a", "c"), article("b"), article("c", "b")])
    assert [a["slug"] for a in ordered] == ["b", "c", "a"]


# The body convention ---------------------------------------------------------------------------


def test_body_blocks_in_the_convention():
    body = parse_body(
        "First line\nsecond <b>line</b>.\n"
        "\n## Section {#start}\n### Sub\n"
        "- one\n  more\n- two\n\n"
        "1. first\n2. second\n\n"
        '!!! warning "Careful"\n    Mind\n    this.\n\n'
        "!!! info\n    Plain.\n\n"
        '```quote\nquote = "Said."\nattribution = "Someone"\n```\n'
    )
    assert body == [
        ("paragraph", "<p>First line second <b>line</b>.</p>"),
        ("heading", {"heading": "Section", "level": "h2", "anchor": "start"}),
        ("heading", {"heading": "Sub", "level": "h3", "anchor": ""}),
        ("list", {"style": "bulleted", "items": ["<p>one more</p>", "<p>two</p>"]}),
        ("list", {"style": "numbered", "items": ["<p>first</p>", "<p>second</p>"]}),
        ("callout", {"tone": "warning", "title": "Careful", "text": "<p>Mind this.</p>"}),
        ("callout", {"tone": "info", "title": "", "text": "<p>Plain.</p>"}),
        ("quote", {"quote": "Said.", "attribution": "Someone"}),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# Title", 1, "headings are ##"),
        ("Text\n\n#### Deep", 3, "headings are ##"),
        ("Text\n- item", 2, "a paragraph runs into this line"),
        ("- item\n1. other", 2, "a bulleted list cannot hold"),
        ("- item\nnot indented", 2, "a list runs into this line"),
        ("!!! tip\nNot indented", 1, "a callout needs its text"),
        ("Text\n\n```concept_table\ncaption = 1", 3, "never closed"),
        ("```quote\nquote = \n```", 1, "not valid TOML"),
        ("   indented", 1, "an indented line"),
    ],
)
def test_body_mistakes_are_errors_with_a_line(text, line, message):
    with pytest.raises(BodyError, match=message) as error:
        parse_body(text)
    assert error.value.line == line
