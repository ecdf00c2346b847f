"""Every public page type is valid HTML by the Nu HTML checker (the W3C validator's engine).

Not a browser test, but it needs the pinned vnu.jar and a Java runtime that `make e2e`'s
setup installs, so it runs with the browser suite. The checker's own failures (no Java, no jar,
a file it never read, a report it did not write) raise, and the tests below show they do.
"""

import stat

import pytest

from .helpers import public_paths
from .nu_checker import VNU_JAR, CheckerFailed, nu_errors

pytestmark = pytest.mark.e2e

VALID_PAGE = '<!doctype html><html lang="en"><title>Fine</title><p>All well.</p></html>'
BROKEN_PAGE = '<!doctype html><html lang="en"><title>Broken</title><p><div>bad</span>'


@pytest.fixture(autouse=True)
def checker_installed():
    assert VNU_JAR.is_file(), "run tests/e2e/setup.sh (make e2e does) to install vnu-jar"


def page_paths(content):
    from articles.models import ArticlePage

    paths = public_paths(content)
    del paths["article"]  # one of the live articles below
    return {
        **paths,
        **{f"article {a.url}": a.url for a in ArticlePage.objects.live()},
        "search form": "/search/",
        "search, no match": "/search/?q=zzzzqqq",
        "cookie policy": "/cookies/",
        "compare picker": "/models/compare/",
    }


def test_public_pages_pass_the_nu_html_checker(content, client, tmp_path):
    files = {}
    for name, path in page_paths(content).items():
        response = client.get(path)
        expected = 404 if name == "not-found" else 200
        assert response.status_code == expected, (path, response.status_code)
        target = tmp_path / f"page{len(files)}.html"
        target.write_bytes(response.content)
        files[target] = name
    assert len(files) >= 12

    names = {f"file:{target}": name for target, name in files.items()}
    problems = [
        f"{names.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in nu_errors(sorted(files))
    ]
    assert problems == [], "\n".join(problems)


def test_the_checker_names_the_errors_of_a_broken_page_only(tmp_path):
    valid, broken = tmp_path / "valid.html", tmp_path / "broken.html"
    valid.write_text(VALID_PAGE)
    broken.write_text(BROKEN_PAGE)
    errors = nu_errors([valid, broken])
    assert {m["url"] for m in errors} == {f"file:{broken}"}
    assert any("Stray end tag" in m["message"] for m in errors), errors


def fake_java(tmp_path, script):
    """A stand-in for the `java` command that behaves as a broken install might."""
    command = tmp_path / "fake-java"
    command.write_text("#!/bin/sh\n" + script + "\n")
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    return str(command)


def no_java(tmp_path, page):
    return {"targets": [page], "java": str(tmp_path / "no-such-java")}


def no_jar(tmp_path, page):
    return {"targets": [page], "jar": tmp_path / "no-such-vnu.jar"}


def a_missing_file(tmp_path, page):
    return {"targets": [page, tmp_path / "gone.html"]}


def a_link_to_nothing(tmp_path, page):
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "nowhere" / "page.html")
    return {"targets": [page, link]}


def an_address_it_cannot_read(tmp_path, page):
    # The checker refuses local addresses: a non-document-error, as a network failure is.
    return {"targets": [page, "http://127.0.0.1:9/page.html"]}


def a_crash_with_a_clean_looking_report(tmp_path, page):
    script = """echo '{"messages": []}' >&2; exit 3"""
    return {"targets": [page], "java": fake_java(tmp_path, script)}


def output_that_is_not_a_report(tmp_path, page):
    script = """echo 'Exception in thread "main" java.lang.OutOfMemoryError' >&2; exit 0"""
    return {"targets": [page], "java": fake_java(tmp_path, script)}


def a_report_that_checked_nothing(tmp_path, page):
    script = """echo '{"messages": []}' >&2; exit 0"""
    return {"targets": [page], "java": fake_java(tmp_path, script)}


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (no_java, "could not run"),
        (no_jar, "exit status 1"),
        (a_missing_file, "never checked"),
        (a_link_to_nothing, "never checked"),
        (an_address_it_cannot_read, "Forbidden host"),
        (a_crash_with_a_clean_looking_report, "exit status 3"),
        (output_that_is_not_a_report, "no JSON report"),
        (a_report_that_checked_nothing, "never checked"),
    ],
    ids=lambda case: getattr(case, "__name__", None),
)
def test_a_checker_that_failed_raises_instead_of_passing(tmp_path, failure, says):
    # A page the checker passes (see the test above), so only the failure can raise.
    page = tmp_path / "valid.html"
    page.write_text(VALID_PAGE)
    with pytest.raises(CheckerFailed, match=says):
        nu_errors(**failure(tmp_path, page))


def test_nothing_to_check_is_a_failure_too():
    with pytest.raises(CheckerFailed, match="nothing to check"):
        nu_errors([])
