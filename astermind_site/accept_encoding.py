"""Whether a client takes a gzip-coded response, read from Accept-Encoding as RFC 9110
(section 12.5.3) defines it, weights included.

Django's GZipMiddleware (and its `re_accepts_gzip`) only looks for the word "gzip", so
`gzip;q=0`, a client's explicit "not gzip", got gzip. Hand-written because nothing we
depend on parses the header with its weights, and the rule is a few lines: a coding's
weight is its own entry's `q` (1 when absent; `x-gzip` is gzip), else that of `*`; weight 0
means "not acceptable". A malformed weight makes its entry count as 0. Compress only when
gzip's weight is above 0 and not below one the client gave `identity`. Without the header we
do not compress, as Django never did.
"""

import re

# qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
QVALUE = re.compile(r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)")


def _weights(header):
    weights = {}
    for entry in header.split(","):
        coding, *params = (part.strip() for part in entry.split(";"))
        coding = coding.lower()
        if not coding:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                weight = float(value) if QVALUE.fullmatch(value) else 0.0
        coding = "gzip" if coding == "x-gzip" else coding
        # A coding named twice keeps its lower weight: refusal wins over ambiguity.
        weights[coding] = min(weight, weights.get(coding, weight))
    return weights


def accepts_gzip(header):
    if not header:
        return False
    weights = _weights(header)
    gzip = weights.get("gzip", weights.get("*", 0.0))
    return gzip > 0 and gzip >= weights.get("identity", 0.0)
