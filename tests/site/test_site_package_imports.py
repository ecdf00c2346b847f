"""The site package (astermind_site/) depends on no app: the apps use it, never the other
way. Read from the source with ast, every import anywhere in the package (module level or
inside a function), and run-time lookups by a literal name (``apps.get_model("consent", …)``,
``import_module``, ``import_string``). The root URLconf and settings may name apps as strings
(``include("articles.urls")``, ``INSTALLED_APPS``); an app adds to the CSP through its own
AppConfig (astermind_site/csp.py), so the site never names it."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "astermind_site"
APPS = {"articles", "consent", "directory", "factcheck", "pagecache"}


LOOKUPS = ("get_model", "import_module", "import_string", "__import__")


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in LOOKUPS:
                yield str(node.args[0].value)


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


def test_the_check_sees_an_import_inside_a_function_and_a_lookup_by_name():
    tree = ast.parse(
        "def f():\n    from consent.policy import analytics_config\n"
        "    return apps.get_model('directory', 'FoundationModel')\n"
    )
    assert list(imported_modules(tree)) == ["consent.policy", "directory"]
