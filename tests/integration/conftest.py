"""Session fixtures for the integration suite: the real production shape, started once.

`stack` starts our own PostgreSQL cluster and redis-server on free 127.0.0.1 ports, migrates
and loads the demo content, runs two gunicorn servers on the production settings and Varnish
(deploy/varnish/default.vcl) in front of both, and the background worker (worker.py) that
sends Varnish its PURGEs. Everything is stopped by its own pid when the
session ends, whatever happened; on failure the server logs are printed and kept.
"""

import signal
from pathlib import Path

import pytest

from tests.marks import require_mark

from .client import Visitor
from .services import missing_tools
from .stack import EDITOR, Stack
from .worker import start_worker

# No single test may hang the run (CI budget): each gets this many seconds.
TEST_TIME_LIMIT = 240


def pytest_collection_modifyitems(items):
    """Every test here needs the real servers, so each must carry the integration mark
    (an unmarked one would run, and fail, in `make test`)."""
    require_mark(items, Path(__file__).parent, "integration", "integration tests without the mark")


@pytest.fixture(scope="session")
def stack(request):
    missing = missing_tools()
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: apt-get install -y postgresql redis-server varnish"
        )
    servers = Stack(servers=2)
    servers.start()
    try:
        servers.worker = start_worker(servers)  # `make worker`, beside the app servers
    except BaseException:
        servers.stop(keep_logs=True)
        raise
    yield servers
    failed = request.session.testsfailed
    if failed:
        print("\n" + servers.logs(60))
    servers.worker.stop()
    servers.stop(keep_logs=bool(failed))


@pytest.fixture(autouse=True)
def time_limit():
    def expired(signum, frame):
        raise TimeoutError(f"integration test ran over {TEST_TIME_LIMIT}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_TIME_LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def app_a(stack):
    return stack.apps[0].port


@pytest.fixture
def app_b(stack):
    return stack.apps[1].port


@pytest.fixture
def varnish(stack):
    return stack.varnish.port


@pytest.fixture
def editor(stack, app_a):
    """An editor logged in to the Wagtail admin on server A."""
    visitor = Visitor(app_a)
    visitor.login(EDITOR, stack.editor_password)
    return visitor


@pytest.fixture
def sql(stack):
    """Plain SQL against the servers' database (the ORM here is the test settings')."""

    def query(statement, *params):
        return stack.pg.sql(stack.database, statement, params)

    return query
