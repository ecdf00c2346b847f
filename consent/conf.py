"""The consent app's settings and their defaults, in the style of django-cookie-consent's conf.

Importing this module puts every ``CONSENT_*`` default on ``django.conf.settings`` unless the
project already set it, so a project only names what it changes. Consent modules read
``settings`` from here (never straight from django.conf) so the defaults are always in place;
``override_settings`` works as usual because the values live on Django's own settings.
"""

from appconf import AppConf
from django.conf import settings

__all__ = ["settings"]


class ConsentConf(AppConf):
    # The signed cookie that holds a visitor's choice (see state.py).
    COOKIE_NAME = "am_consent"
    # A choice is asked again after this many days (about six months).
    CHOICE_MAX_AGE_DAYS = 182
    # prune_consent_records deletes records older than this (about thirteen months).
    RECORD_RETENTION_DAYS = 396
    # Key for the hash of a visitor's truncated IP. Empty means "derive it from SECRET_KEY";
    # set it to rotate the hash on its own.
    IP_HASH_SECRET = ""
    # Identical submissions from one consent id within this many seconds are stored once.
    DEDUPE_SECONDS = 5
    # Consent submissions allowed per client per window; 0 switches the limit off.
    RATE_LIMIT = 30
    RATE_LIMIT_WINDOW = 60
    # New consent ids (posts without a valid consent cookie) allowed per /24 or /48 network per
    # UTC day; 0 switches the bound off. Big enough for a busy carrier-grade NAT.
    NEW_IDS_PER_NETWORK_PER_DAY = 2000
    # The cache alias holding the counters; shared (Redis) when several servers answer.
    RATE_LIMIT_CACHE = "default"
    # How many reverse proxies in front of us append to X-Forwarded-For (0: use REMOTE_ADDR).
    TRUSTED_PROXY_COUNT = 0
    # A consent form is a handful of short fields; anything bigger is refused with 413.
    MAX_BODY_BYTES = 4096

    # The worker holds the newest checkpoint against every leaf after each new checkpoint and
    # at least this often (seconds); the auditor screens show the stored result and its time
    # (consent/tasks.py). `manage.py verify_consent_log` always checks everything afresh.
    LOG_CHECK_INTERVAL = 900

    # The Ed25519 key that signs the log's checkpoints: a file path or the key itself (PEM or
    # base64 seed). Never in the database. Production refuses to start without it.
    LOG_SIGNING_KEY = ""
    # The log's name on every checkpoint; empty means "<SITE_BASE_URL's host>/consent-log".
    LOG_ORIGIN = ""
    # A new checkpoint is signed at most this often (seconds) while the log grows, and at
    # every prune; `manage.py make_consent_checkpoint` signs one at once.
    CHECKPOINT_INTERVAL = 300
    # The receipts' `jurisdiction` (Kantara Consent Receipt): where the controller answers for
    # this consent, e.g. an ISO 3166 country code. Set it to the operator's own.
    RECEIPT_JURISDICTION = "GB"
    # The languages consent is asked in (primary language codes, the first is the default).
    # Each has its own chain of policy versions and its own text, in
    # consent/locale/<code>/LC_MESSAGES/django.po (English is the source language).
    LANGUAGES = ("en", "de")

    class Meta:
        prefix = "consent"
