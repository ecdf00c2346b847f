"""Where browsers send Content-Security-Policy violations (report-uri and report-to).

Anyone can post here, so: small bodies only (413 beyond), anything unparsable is a 400,
never a 500, and at most LOG_BUDGET lines a minute per process reach the log, so a noisy
or hostile client cannot flood it. Query strings are cut from logged URLs (they may carry
a visitor's search terms).
"""

import json
import logging
import threading
import time

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("astermind.csp")

MAX_BODY_BYTES = 8192
LOG_BUDGET = 60  # lines per minute per process
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
    def __init__(self, per_minute):
        self.per_minute = per_minute
        self.window = None
        self.used = 0
        self.lock = threading.Lock()

    def take(self, now=None):
        window = int((now or time.time()) // 60)
        with self.lock:
            if window != self.window:
                self.window, self.used = window, 0
            self.used += 1
            return self.used <= self.per_minute


budget = LogBudget(LOG_BUDGET)


def without_query(value):
    return value.split("?", 1)[0].split("#", 1)[0] if isinstance(value, str) else value


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
    for violation in found:
        if not budget.take():
            break
        logger.warning(
            "CSP violation: %s blocked %s",
            violation["violated-directive"],
            without_query(violation["blocked-uri"]),
            extra={
                "csp": {key: without_query(value) for key, value in violation.items()},
            },
        )
    return HttpResponse(status=204)
