"""The shared secret a PURGE must carry for Varnish to act on it (VARNISH_PURGE_TOKEN).

Varnish trusts only 127.0.0.1 for PURGE (deploy/varnish/default.vcl), but behind a TLS
terminator on the same host every visitor arrives from 127.0.0.1, so an address proves
nothing: each PURGE must also carry the token in `X-Purge-Token`. The app sends it
(astermind_site/frontend_cache.py); Varnish learns it from a small VCL file this module
writes (`manage.py varnish_purge_vcl`), which default.vcl includes from beside itself. Stock
Varnish has no way to read the environment, and a separate file keeps the secret out of
the shipped config and lets it be readable by Varnish alone.

Plain Python, no Django: settings/production.py checks the token with it at start-up.
"""

import re

HEADER = "X-Purge-Token"
# Long and random (`secrets.token_urlsafe(32)` gives 43 characters), and only characters
# that cannot end or escape a VCL string.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,256}")
INCLUDE_NAME = "purge_token.vcl"


class InvalidPurgeToken(ValueError):
    pass


def check_token(token):
    if not TOKEN_PATTERN.fullmatch(token or ""):
        raise InvalidPurgeToken(
            "VARNISH_PURGE_TOKEN must be 32 to 256 letters, digits, '-' or '_' "
            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    return token


def purge_token_vcl(token):
    """The VCL subroutine default.vcl calls for each PURGE: 403 unless the token matches.

    VCL compares strings with strcmp, not in constant time; over the network, against a
    43-character random token and with each miss logged by Varnish, that is not a practical
    way to learn it."""
    check_token(token)
    return (
        "# Written by `manage.py varnish_purge_vcl` from VARNISH_PURGE_TOKEN; included by\n"
        "# default.vcl. It holds the secret: readable by Varnish only, never committed.\n"
        "sub purge_token_check {\n"
        f'    if (req.http.{HEADER} != "{token}") {{\n'
        '        return (synth(403, "PURGE needs the shared token"));\n'
        "    }\n"
        "}\n"
    )
