"""gunicorn settings for AsterMind Learn (`make serve`, or `gunicorn -c deploy/gunicorn.conf.py`).

Workers: not set here on purpose. gunicorn reads WEB_CONCURRENCY itself (default 1);
about 2 x cores + 1 for this CPU-bound app when the machine serves nothing else.

Forwarded headers: gunicorn trusts X-Forwarded-Proto/-For only from FORWARDED_ALLOW_IPS
(its own variable, default "127.0.0.1,::1": a proxy on the same host). Django separately
trusts X-Forwarded-Proto for HTTPS (SECURE_PROXY_SSL_HEADER), so let only the proxy reach
this port: bind to 127.0.0.1 (the default here) or a private interface. Behind a proxy
on another host, set FORWARDED_ALLOW_IPS to its address, never "*" on an open port.
"""

import os

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
wsgi_app = "astermind_site.wsgi:application"

# A worker silent this long (a stuck query, a slow upstream) is killed and replaced; the
# proxy in front buffers slow clients, so no honest request needs longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # time to finish in-flight requests on reload or stop
keepalive = 5  # seconds a proxy's idle keep-alive connection is held

# Recycle workers now and then so slow memory growth never accumulates. Every new worker
# starts with cold per-process caches (compiled templates, the code digest of
# pagecache/versioned.py, its Redis connection), so not too often: at 2,000 a page-cache hit
# at ~2,300 requests/s replaced each worker every second or two (p99 164 ms in the bench).
max_requests = 20000
max_requests_jitter = 2000
# Workers are forked from a master that has already imported the site. A worker replaced
# after max_requests then starts in milliseconds instead of importing Django, Wagtail and every
# app again (about 1.5 s of a stalled worker, seen as the p99 of the serving bench at ~300
# requests/s, where each worker is replaced every few seconds). Nothing at import opens a
# database or Redis connection (both are made on first use in each worker), so none is shared
# across the fork. A deploy restarts gunicorn (`make serve`); a HUP would keep the old code.
preload_app = True

# Oversized request lines and headers are refused (400) before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Access log to stdout, one line per request, with the request id Django echoed back
# (the same id is in every JSON error line on stderr). gunicorn's own messages: stderr.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
)
