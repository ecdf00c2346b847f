vcl 4.1;
# Varnish 7.1 (Debian's `varnish` package) in front of two AsterMind Learn app servers.
#
# The app decides what may be shared: only a response that says `Cache-Control: public`
# with a lifetime (s-maxage wins over max-age, as Varnish reads them) and sets no cookie is
# kept. Everything personal passes straight through: the admin and previews, every method
# but GET/HEAD, the consent endpoints, and anyone with a session cookie.
#
# Run:   manage.py varnish_purge_vcl --output /etc/varnish/purge_token.vcl   (see below)
#        varnishd -a 127.0.0.1:6081 -f /etc/varnish/default.vcl -s malloc,256m
# App:   VARNISH_PURGE_URLS=http://127.0.0.1:6081 and the same VARNISH_PURGE_TOKEN
#
# PURGE needs both a purger address and the shared token in X-Purge-Token. The token lives
# in purge_token.vcl beside this file (written from VARNISH_PURGE_TOKEN by the management
# command, mode 0640: give it to Varnish's group); without that file Varnish refuses to load
# this config, so a deployment can never fall back to trusting the address alone.
# The integration tests and `make bench` rewrite the two backend ports below; keep each
# `.port` on the line of its own backend block.

import std;
import directors;
include "./purge_token.vcl";

probe liveness {
    # A static file: answered by WhiteNoise without the database, so a database outage
    # does not mark every server sick (the app's own 503 page and its consent JSON must
    # still reach visitors), while a dead or hung gunicorn is taken out of rotation.
    .request =
        "HEAD /static/css/site.css HTTP/1.1"
        "Host: 127.0.0.1"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app_a { .host = "127.0.0.1"; .port = "8000"; .probe = liveness; .connect_timeout = 1s; .first_byte_timeout = 35s; }
backend app_b { .host = "127.0.0.1"; .port = "8001"; .probe = liveness; .connect_timeout = 1s; .first_byte_timeout = 35s; }

# Only the app servers may purge (Wagtail's frontend_cache sends PURGE on publish), and only
# with the token: behind a TLS terminator on this host every visitor comes from 127.0.0.1.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.restarts == 0) {
        # Our own markers; a client may not set them.
        unset req.http.X-Serve-Stale;
        unset req.http.X-Am-Pass;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE is only accepted from the app servers"));
        }
        # 403 unless X-Purge-Token is the shared token (purge_token.vcl).
        call purge_token_check;
        # A ban on the stored path, not a purge of one hash: Wagtail names the page by its
        # Site hostname, which need not be the Host visitors used, and this clears every
        # variant (gzip or not, any host) of that path at once.
        ban("obj.http.X-Cache-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    # The token is for Varnish alone; the app never needs to see it.
    unset req.http.X-Purge-Token;
    if (req.method !~ "^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$") {
        return (synth(405, "Method not allowed"));
    }
    if (!req.http.Host && req.proto ~ "^(?i)HTTP/1.1") {
        return (synth(400, "Host header required"));
    }

    if (req.http.X-Serve-Stale) {
        # Second pass after the app answered 5xx (see vcl_deliver): take any stale copy.
        set req.grace = 24h;
    } elsif (std.healthy(req.backend_hint)) {
        # Healthy servers: a stale copy is served only briefly while it is refetched.
        set req.grace = 10s;
    }

    # Tracking parameters change nothing on the page; drop them so they share one copy.
    if (req.url ~ "[?&](utm_[a-z]+|gclid|gclsrc|dclid|fbclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|twclid|igshid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|gclid|gclsrc|dclid|fbclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|twclid|igshid)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    set req.url = std.querysort(req.url);

    if (req.method != "GET" && req.method != "HEAD") {
        # Read the whole body here before an app worker is taken: a client sending it
        # slowly then ties up Varnish, not one of a few gunicorn workers. The limits are
        # the app's own (MAX_REQUEST_BODY_BYTES, ADMIN_MAX_REQUEST_BODY_BYTES).
        if (req.url ~ "^/admin(/|$)") {
            if (!std.cache_req_body(64MB)) {
                return (synth(413, "Request body too large"));
            }
        } elsif (!std.cache_req_body(2560KB)) {
            return (synth(413, "Request body too large"));
        }
        return (pass);
    }
    # The admin, Wagtail's previews and drafts, and the consent endpoints (they read and
    # write the visitor's own cookies) go through with every cookie untouched, in every
    # language: /de/cookies/state.json must read the cookie as /cookies/state.json does.
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^(/[a-z]{2}(-[a-z]+)?)?/cookies/"
        || req.url ~ "^(/[a-z]{2}(-[a-z]+)?)?/analytics/collect/") {
        return (pass);
    }
    # Documents: the app checks each one's collection privacy on every request, with the
    # visitor's session, so none is kept here whatever its headers say.
    if (req.url ~ "^/documents/") {
        return (pass);
    }
    if (req.url ~ "[?&](preview|draft)(=|&|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        # Logged-in editors (and visitors past a page password) see their own responses.
        return (pass);
    }

    # Anonymous public pages are identical for every visitor: no cookie matters to them
    # (consent state, CSRF and analytics cookies are read by the browser script or by the
    # consent endpoints above), so none is sent and the page can be shared.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_pass {
    set req.http.X-Am-Pass = "1";
}

sub vcl_backend_fetch {
    # X-Serve-Stale stays on the fetch: vcl_backend_response reads it.
    unset bereq.http.X-Am-Pass;
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    # A TLS terminator in front says which scheme the visitor used; http answers redirect.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Kept on the stored object so a PURGE can ban by path (removed in vcl_deliver).
    set beresp.http.X-Cache-Path = regsub(bereq.url, "\?.*$", "");

    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            # Refreshing a stale copy failed: keep serving the copy we have.
            return (abandon);
        }
        if (!bereq.http.X-Serve-Stale) {
            # First try: store nothing (an uncacheable marker would evict the stale copy)
            # and let vcl_synth look for a stale copy; the second try delivers the app's
            # own 503 page when there is none.
            return (abandon);
        }
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Shared only when the app says so, for a time it names, without setting a cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]"
        || beresp.http.Vary ~ "\*"
        || beresp.ttl <= 0s) {
        # Hit-for-miss: later requests still go to the app, and a cacheable answer from it
        # replaces this marker at once.
        set beresp.ttl = 30s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Stale copies are kept long enough to ride out an outage (see vcl_recv's req.grace).
    set beresp.grace = 6h;
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(json|javascript|xml|rss\+xml|atom\+xml)|image/svg)") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Cache-Path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    # A fetch for a shareable page failed (app answered 5xx, or no app server answered):
    # if an older copy of this page is still held, serve it. The first pass never takes a
    # copy older than req.grace allows.
    if (resp.status == 503 && req.restarts == 0 && !req.http.X-Am-Pass
        && (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Serve-Stale = "1";
        return (restart);
    }
    set resp.http.Cache-Control = "no-store";
    if (resp.status != 503) {
        unset resp.http.Retry-After;
    }
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    }
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || (!bereq.uncacheable && !bereq.http.X-Serve-Stale)) {
        # As for a 5xx in vcl_backend_response: keep any stale copy and look for it.
        return (abandon);
    }
    # No app server answered and no copy is held: a short answer asking for a retry.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head><body><h1>AsterMind Learn is temporarily unavailable</h1><p>Please try again in a minute.</p></body></html>"});
    return (deliver);
}
