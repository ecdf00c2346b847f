"""Security headers: Content-Security-Policy for public pages and the admin, Permissions-Policy.

Part of the base settings (base.py star-imports it), kept apart so each concern reads on its own.
"""

# Security headers ---------------------------------------------------------------------------
# Content-Security-Policy (django-csp 4). Public pages allow only our own files, plus the
# hashes of our few inline blocks and the enabled analytics provider's origins, which
# SiteCSPMiddleware adds (astermind_site/csp.py). No nonces: cached HTML is shared.
CSP_REPORT_PATH = "/csp-report/"
CSP_REPORTING_ENDPOINTS = f'csp="{CSP_REPORT_PATH}"'
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [CSP_REPORT_PATH],
        "report-to": "csp",
    },
}
# The Wagtail admin runs its own inline scripts and styles and frames its page previews.
ADMIN_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],  # the upgrade notice
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "report-uri": [CSP_REPORT_PATH],
}
# Permissions-Policy: the site uses no device feature; turn them all off for us and frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# End of Security headers ---------------------------------------------------------------------
