"""The site package (astermind_site/) depends on no app: the apps use it, never the other
way. Read from the source with ast, every import anywhere in the package (module level or
inside a function). The root URLconf and settings may name apps as strings
(``include("articles.urls")``, ``INSTALLED_APPS``), which are not imports."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "astermind_site"
APPS = {"articles", "consent", "directory", "factcheck", "pagecache"}


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def app_imports():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for module in imported_modules(tree):
            if module.split(".")[0] in APPS:
                found.append((str(path.relative_to(PACKAGE.parent)), module))
    return found


def test_the_site_package_imports_no_app():
    assert app_imports() == []


def test_the_check_sees_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from consent.addresses import client_ip\n")
    assert list(imported_modules(tree)) == ["consent.addresses"]
