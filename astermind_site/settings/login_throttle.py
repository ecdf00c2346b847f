"""Sign-in throttling with django-axes: the lockout limits and what is (not) stored.

Part of the base settings (base.py star-imports it), kept apart so each concern reads on its own.
"""

import os
from datetime import timedelta

# Sign-in throttling (django-axes) ---------------------------------------------------------
# astermind_site/login_throttle.py says what each replaced part does and why.
# Axes's lockout check comes first; it skips sign-ins without a request (no address to count).
AUTHENTICATION_BACKENDS = [
    "astermind_site.login_throttle.RequestAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = os.environ.get("AXES_ENABLED", "true").lower() == "true"
AXES_HANDLER = "astermind_site.login_throttle.PrivateDatabaseHandler"
# Failures of one account from one address before that pair is locked out ...
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
# ... and of any accounts from one address before the address is (password spraying).
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# A lockout lifts this long after the last failure; failures older than it are deleted at the
# next failed sign-in, so nothing about a client outlives it for long.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Keep no record of successful sign-ins, and store a keyed pseudonym, never the address.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "astermind_site.login_throttle.client_pseudonym"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "csrfmiddlewaretoken"]
AXES_LOCKOUT_CALLABLE = "astermind_site.login_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# End of Sign-in throttling ----------------------------------------------------------------
