"""Each write to the admin is one transaction (astermind_site/middleware/admin_transaction.py):
all or nothing, and its purges one batch on commit. Reads and public pages keep autocommit."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from taggit.models import Tag

from astermind_site.middleware.admin_transaction import AdminChangeTransactionMiddleware

real_commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_transaction_view(request):
    return HttpResponse("yes" if connection.in_atomic_block else "no")


def write_then_fail_view(request):
    Tag.objects.create(name="Half done", slug="half-done")
    raise RuntimeError("the second step failed")


def run(method, path, view):
    request = getattr(RequestFactory(), method)(path)
    middleware = AdminChangeTransactionMiddleware(lambda r: HttpResponse("not called"))
    return middleware.process_view(request, view, (), {})


@real_commits
@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("post", "/admin/pages/3/edit/", b"yes"),
        ("delete", "/admin/snippets/articles/author/delete/1/", b"yes"),
        ("get", "/admin/pages/3/edit/", None),  # the view runs as usual, in autocommit
        ("post", "/cookies/accept/", None),
        ("post", "/administrator/", None),
    ],
)
def test_only_admin_writes_run_in_one_transaction(method, path, expected):
    response = run(method, path, in_transaction_view)
    assert (response.content if response is not None else None) == expected


@real_commits
def test_an_admin_write_that_fails_leaves_nothing_behind():
    with pytest.raises(RuntimeError):
        run("post", "/admin/snippets/taggit/tag/add/", write_then_fail_view)
    assert not Tag.objects.filter(slug="half-done").exists()
