"""Escapes every app needs for text it writes into files and pages it does not control.

Both apps write CSV (tables, consent exports) and JSON inside ``<script>`` elements
(JSON-LD, client configuration); each rule lives here once so the two cannot drift.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

# Spreadsheet programs treat cells starting with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# The escapes Django's json_script uses, so a value can never close the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def neutralise_formula(value):
    """Cell text a spreadsheet will show as text, never run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def json_for_script(value, *, ensure_ascii=True):
    """JSON text that is safe inside a ``<script>`` element and never sniffed as HTML."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=ensure_ascii)
    return text.translate(_JSON_SCRIPT_ESCAPES)
