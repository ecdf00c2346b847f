"""The consent app's overrides of its defaults (consent/conf.py), and django-cookie-consent's.

Part of the base settings (base.py star-imports it), kept apart so each concern reads on its own.
"""

import os

# Consent ---------------------------------------------------------------------------------
# Owned by the consent app. Its defaults live in consent/conf.py; only overrides go here.
# A choice is asked again after this many days (about six months).
CONSENT_CHOICE_MAX_AGE_DAYS = int(os.environ.get("CONSENT_CHOICE_MAX_AGE_DAYS", "182"))
# prune_consent_records deletes records older than this (about thirteen months).
CONSENT_RECORD_RETENTION_DAYS = int(os.environ.get("CONSENT_RECORD_RETENTION_DAYS", "396"))
# Key for the hash of a visitor's truncated IP. Empty means "derive it from SECRET_KEY",
# which production already takes from the environment; set it to rotate the hash on its own.
CONSENT_IP_HASH_SECRET = os.environ.get("CONSENT_IP_HASH_SECRET", "")
# Consent submissions allowed per client per window; 0 switches the limit off (the bench).
CONSENT_RATE_LIMIT = int(os.environ.get("CONSENT_RATE_LIMIT", "30"))
CONSENT_RATE_LIMIT_WINDOW = int(os.environ.get("CONSENT_RATE_LIMIT_WINDOW", "60"))
# New consent ids (choices without a valid consent cookie) per /24 or /48 network per UTC day.
CONSENT_NEW_IDS_PER_NETWORK_PER_DAY = int(
    os.environ.get("CONSENT_NEW_IDS_PER_NETWORK_PER_DAY", "2000")
)
# How many reverse proxies in front of us append to X-Forwarded-For (0: use REMOTE_ADDR).
CONSENT_TRUSTED_PROXY_COUNT = int(os.environ.get("CONSENT_TRUSTED_PROXY_COUNT", "0"))
# The Ed25519 key that signs the consent log's checkpoints: a file path or the key itself.
# Kept out of the database; production refuses to start without it (consent/checks.py).
CONSENT_LOG_SIGNING_KEY = os.environ.get("CONSENT_LOG_SIGNING_KEY", "")
# The log's name on its checkpoints; empty means "<SITE_BASE_URL's host>/consent-log".
CONSENT_LOG_ORIGIN = os.environ.get("CONSENT_LOG_ORIGIN", "")
# A checkpoint is signed at most this often (seconds) while the log grows, and at every prune.
CONSENT_CHECKPOINT_INTERVAL = int(os.environ.get("CONSENT_CHECKPOINT_INTERVAL", "300"))
# The worker checks the newest checkpoint against every leaf after each new one and at least
# this often (seconds); the auditor screens show its stored result (consent/tasks.py).
CONSENT_LOG_CHECK_INTERVAL = int(os.environ.get("CONSENT_LOG_CHECK_INTERVAL", "900"))
# The `jurisdiction` a visitor's consent receipt names (e.g. an ISO 3166 country code).
CONSENT_RECEIPT_JURISDICTION = os.environ.get("CONSENT_RECEIPT_JURISDICTION", "GB")

# django-cookie-consent: our ConsentRecord is the audit trail, so its LogItem stays off, and
# its client cookie lives exactly as long as a choice does.
COOKIE_CONSENT_LOG_ENABLED = False
COOKIE_CONSENT_MAX_AGE = CONSENT_CHOICE_MAX_AGE_DAYS * 24 * 60 * 60
COOKIE_CONSENT_SUCCESS_URL = "/cookies/"
COOKIE_CONSENT_SECURE = os.environ.get("COOKIE_CONSENT_SECURE", "false").lower() == "true"

# End of Consent ---------------------------------------------------------------------------
