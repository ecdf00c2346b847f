"""The apps depend one way: pages and fact checking use the registry, never the reverse.

``directory`` owns the fact registry (models, facts, columns, tables, history, API, public
views); ``articles`` (pages and blocks), ``factcheck`` (the registry's admin and reviews),
``pagecache`` and ``demo`` build on it. Every import is read with ``ast``, function-local ones
included, as are the run-time lookups (``apps.get_model("articles", …)``,
``import_module("articles…")``) that would hide an edge from a plain import scan.
(The site package's own rule is tested beside its CSP hook, not here.)
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
USERS_OF_THE_REGISTRY = {"articles", "factcheck", "pagecache", "demo"}


def imported_modules(source, package):
    """(module, name) for every import in the source; relative imports resolved against the
    package they sit in; run-time lookups by app label or dotted path as (label, "")."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found |= {(module, alias.name) for alias in node.names}
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("get_model", "import_module", "__import__") and isinstance(
                first, ast.Constant
            ):
                found.add((str(first.value).split(".")[0], ""))
    return found


def app_imports(app):
    """Every (module, name) an app's Python files import, with the file that does it."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = relative.with_suffix("").parts
        package = ".".join(parts if path.name == "__init__.py" else parts[:-1])
        for module, name in imported_modules(path.read_text(encoding="utf-8"), package):
            found.append((str(relative), module, name))
    return found


def top(module):
    return module.split(".")[0]


def test_the_reader_sees_every_kind_of_import():
    source = (
        "import articles.models\n"
        "from ..articles import x\n"
        "def f():\n"
        "    from articles.models import ArticlePage\n"
        "    apps.get_model('articles', 'ArticlePage')\n"
        "    import_module('factcheck.views')\n"
    )
    assert imported_modules(source, "directory.sub.pkg") == {
        ("articles.models", ""),
        ("directory.sub.articles", "x"),
        ("articles.models", "ArticlePage"),
        ("articles", ""),
        ("factcheck", ""),
    }


def test_the_registry_imports_none_of_the_apps_that_use_it():
    backwards = [
        (path, module) for path, module, _ in app_imports("directory")
        if top(module) in USERS_OF_THE_REGISTRY
    ]  # fmt: skip
    assert backwards == []


def test_pages_never_import_fact_checking():
    assert [(p, m) for p, m, _ in app_imports("articles") if top(m) == "factcheck"] == []


def test_fact_checking_takes_the_registry_from_directory_and_only_pages_from_articles():
    from_articles = {(m, n) for _, m, n in app_imports("factcheck") if top(m) == "articles"}
    # Its reviews and the stale-facts warning are about article pages; nothing else.
    assert from_articles == {("articles.models", "ArticlePage")}


@pytest.mark.parametrize("app", ["articles", "factcheck", "pagecache"])
def test_registry_names_come_from_directory(app):
    registry_names = {
        "FoundationModel",
        "FoundationModelSource",
        "Organisation",
        "Modality",
        "Fact",
        "ParameterStatus",
        "COLUMNS",
        "COLUMN_LIST",
        "build_model_table",
        "pages_showing",
    }
    elsewhere = [
        (path, module, name)
        for path, module, name in app_imports(app)
        if name in registry_names and top(module) != "directory"
    ]
    assert elsewhere == []


@pytest.mark.parametrize("app", ["articles", "consent", "directory", "factcheck", "pagecache"])
def test_production_apps_never_import_the_development_only_demo(app):
    assert [(p, m) for p, m, _ in app_imports(app) if top(m) == "demo"] == []
