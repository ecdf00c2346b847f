"""Where browsers send Content-Security-Policy violations (report-uri and report-to).

Anyone can post here, so: small bodies only (413 beyond), anything unparsable is a 400,
never a 500, and at most LOG_BUDGET lines a minute per process reach the log, of which one
client (an IPv4 address, an IPv6 /64) may use only CLIENT_SHARE, so a noisy or hostile
client can neither flood the log nor crowd out everyone else's reports. Clients are told
apart by a keyed hash, never by their address. Query strings are cut from logged URLs
(they may carry a visitor's search terms), and every value is escaped (logs.py) so no
report can break a log line or drive a terminal.
"""

import json
import logging
import threading
import time

from django.http import HttpResponse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from astermind_site.addresses import client_ip, rate_limit_subject
from astermind_site.logs import escape_for_log

logger = logging.getLogger("astermind.csp")

MAX_BODY_BYTES = 8192
LOG_BUDGET = 60  # lines per minute per process
CLIENT_SHARE = 10  # of those, lines per minute from one client
FIELDS = {
    # report-uri (application/csp-report) name: report-to (application/reports+json) name
    "document-uri": "documentURL",
    "violated-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "disposition": "disposition",
}


class LogBudget:
    """Lines per minute, in all and per client. Only clients that were given a line are
    counted, so the count holds at most `per_minute` entries whatever the traffic."""

    def __init__(self, per_minute, per_client, clock=time.time):
        self.clock = clock
        self.per_minute = per_minute
        self.per_client = per_client
        self.window = None
        self.used = 0
        self.by_client = {}
        self.lock = threading.Lock()

    def take(self, client, now=None):
        window = int((self.clock() if now is None else now) // 60)
        with self.lock:
            if window != self.window:
                self.window, self.used, self.by_client = window, 0, {}
            mine = self.by_client.get(client, 0)
            if self.used >= self.per_minute or mine >= self.per_client:
                return False
            self.used += 1
            self.by_client[client] = mine + 1
            return True


budget = LogBudget(LOG_BUDGET, CLIENT_SHARE)


def client_key(request):
    """Who shares one client's share: a keyed hash of the address (IPv6 by its /64)."""
    subject = rate_limit_subject(client_ip(request))
    return salted_hmac("astermind.csp-report.client", subject, algorithm="sha256").hexdigest()


def without_query(value):
    return value.split("?", 1)[0].split("#", 1)[0] if isinstance(value, str) else value


def loggable(value):
    """A reported value as it may be logged: URLs without their query, text escaped;
    anything else a report carries (a number, or a list or object where a string belongs)
    as escaped JSON text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return escape_for_log(without_query(value))


def violations(payload):
    """Normalised violation dicts from either report format; ValueError if neither."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        report = payload["csp-report"]
        return [{old: report.get(old) for old in FIELDS}]
    if isinstance(payload, list) and payload:
        found = []
        for item in payload[:20]:
            if not isinstance(item, dict) or not isinstance(item.get("body"), dict):
                raise ValueError("not a report")
            if item.get("type") == "csp-violation":
                found.append({old: item["body"].get(new) for old, new in FIELDS.items()})
        return found
    raise ValueError("not a CSP report")


@csrf_exempt
@require_POST
def csp_report(request):
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    try:
        found = violations(json.loads(body))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return HttpResponse(status=400)
    client = client_key(request) if found else None
    for violation in found:
        if not budget.take(client):
            break
        fields = {key: loggable(value) for key, value in violation.items()}
        logger.warning(
            "CSP violation: %s blocked %s",
            fields["violated-directive"],
            fields["blocked-uri"],
            extra={"csp": fields},
        )
    return HttpResponse(status=204)
