"""Structured logs: one JSON object per line, carrying the id of the request it belongs to.

RequestIdMiddleware puts the id in `current_request_id`; RequestIdFilter copies it onto
every record, so lines written while serving a request can be joined with the access log
(gunicorn logs the X-Request-ID response header) and with the proxy's logs.
"""

import contextvars
import json
import logging
import re
import traceback
from datetime import UTC, datetime

current_request_id = contextvars.ContextVar("current_request_id", default="")

# Characters that end a line for some log reader (NEL U+0085, U+2028, U+2029: Python's
# splitlines and JavaScript both split there), drive a terminal (ESC and the other C0/C1
# controls, DEL) or reorder what a reader sees (bidirectional overrides and isolates).
# JSON leaves every one but the C0 controls as it is, so a value a visitor chose (a CSP
# report's URL) could forge or hide a log line.
UNSAFE_IN_LOGS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def escape_for_log(text):
    """`text` with each of those characters written as a \\uXXXX escape: one line, inert,
    and still valid inside a JSON string."""
    return UNSAFE_IN_LOGS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# LogRecord attributes that are not worth a field of their own.
_SKIP = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", ""):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request id, method, path, status and exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id.get(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", "")
            entry["path"] = request.path
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info and record.exc_info[0] is not None:
            kind, error, tb = record.exc_info
            entry["exception"] = f"{kind.__module__}.{kind.__qualname__}: {error}"
            entry["traceback"] = "".join(traceback.format_exception(kind, error, tb))
        for key, value in vars(record).items():
            if key not in _SKIP and key not in entry and not key.startswith("_"):
                entry[key] = value
        # After encoding, only the characters JSON leaves raw are left to escape.
        return escape_for_log(json.dumps(entry, default=str, ensure_ascii=False))
