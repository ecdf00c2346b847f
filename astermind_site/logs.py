"""Structured logs: one JSON object per line, carrying the id of the request it belongs to.

RequestIdMiddleware puts the id in `current_request_id`; RequestIdFilter copies it onto
every record, so lines written while serving a request can be joined with the access log
(gunicorn logs the X-Request-ID response header) and with the proxy's logs.
"""

import contextvars
import json
import logging
import traceback
from datetime import UTC, datetime

current_request_id = contextvars.ContextVar("current_request_id", default="")

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
        return json.dumps(entry, default=str, ensure_ascii=False)
