"""The rate limit is shared by every worker when the cache is Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from consent import ratelimit
from consent.models import ConsentRecord
from tests.servers import redis_answers

REDIS_URL = "redis://127.0.0.1:6379/0"


pytestmark = pytest.mark.skipif(
    not redis_answers(), reason="Redis is not reachable at 127.0.0.1:6379"
)


@pytest.fixture
def redis_limit():
    prefix = f"consent-test-{uuid.uuid4().hex}"
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    with override_settings(
        CACHES=caches_setting,
        CONSENT_RATE_LIMIT=4,
        CONSENT_RATE_LIMIT_WINDOW=120,
        CONSENT_RATE_LIMIT_CACHE="ratelimit",
    ):
        yield caches_setting, prefix
        caches["ratelimit"].clear()


def test_another_process_uses_up_the_budget_this_one_sees(browser, home, redis_limit):
    caches_setting, prefix = redis_limit
    # Another "worker": a separate Python process counting the same client's requests.
    key = ratelimit.client_key(type("R", (), {"META": {"REMOTE_ADDR": "192.0.2.77"}})())
    script = f"""
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "astermind_site.settings.test"
django.setup()
from django.conf import settings
settings.CACHES = {caches_setting!r}
settings.CONSENT_RATE_LIMIT = 4
settings.CONSENT_RATE_LIMIT_WINDOW = 120
settings.CONSENT_RATE_LIMIT_CACHE = "ratelimit"
from consent import ratelimit
print([ratelimit.hit({key!r})[0] for _ in range(4)])
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ},
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[True, True, True, True]"

    response = browser.choose("/cookies/accept/", json=True, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 429
    assert ConsentRecord.objects.count() == 0
    # A different client still has its own budget.
    assert browser.choose("/cookies/accept/", REMOTE_ADDR="192.0.2.78").status_code == 303
