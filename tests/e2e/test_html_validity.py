"""Every public page type is valid HTML by the Nu HTML checker (the W3C validator's engine).

Not a browser test, but it needs the pinned vnu.jar and a Java runtime that `make e2e`'s
setup installs, so it runs with the browser suite.
"""

import json
import subprocess
from pathlib import Path

import pytest

VNU_JAR = (
    Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def page_paths(content):
    from articles.models import ArticlePage

    articles = [a.url for a in ArticlePage.objects.live()]
    return {
        "home": "/",
        "section": content.section.url,
        **{f"article {url}": url for url in articles},
        "search results": "/search/?q=model",
        "search form": "/search/",
        "search, no match": "/search/?q=zzzzqqq",
        "tag": f"/tags/{content.tag_slug}/",
        "cookie policy": "/cookies/",
        "not found": "/no-such-page/",
    }


@pytest.mark.e2e
def test_public_pages_pass_the_nu_html_checker(content, client, tmp_path):
    assert VNU_JAR.is_file(), "run tests/e2e/setup.sh (make e2e does) to install vnu-jar"
    files = {}
    for name, path in page_paths(content).items():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        target = tmp_path / f"page{len(files)}.html"
        target.write_bytes(response.content)
        files[target.name] = name
    assert len(files) >= 12

    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert problems == [], "\n".join(problems)
