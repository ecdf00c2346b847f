"""Rendered article fragments kept in the shared cache, for requests the page cache misses.

A warm article request then neither queries the fact registry nor renders its blocks. The
key of a fragment names everything its HTML depends on:

- the page and its content: primary key, live revision, and a digest of the stored stream,
  so publishing a new revision (or any save that changes the stream) gives a new key;
- the site and URL path the fragment's links are written against, and the language its
  labels, units and dates were written in;
- the code that renders it (a digest of the article templates and the block and table
  modules, taken once per process), so a deploy never serves fragments of the old layout;
- the *facts token*, only when the stream shows a model table: a random token in the shared
  cache that every change to the fact registry replaces (see signals.py), so one fact
  change retires every rendered table at once, in every process;
- the *links token*, only when the stream links to other pages or documents or shows images,
  whose titles, URLs or files change without this page's revision changing.

A token that is missing (evicted, or a fresh cache) is replaced by a new random one, so a
lost token can cost a miss but never serve a stale fragment. Tokens are replaced at once and
again when the transaction commits: a request that read the data before the commit stored
it under the token the commit retires. While the shared cache is down nothing is read or
stored here and every request renders afresh: a token replaced in one process's fallback
memory would not reach the others. For the same reason nothing is kept without Redis at
all (``RENDER_CACHE_ENABLED``). Fragments also expire after RENDER_CACHE_SECONDS, which
bounds what an invalidation lost during a cache outage can leave behind.
"""

import hashlib
import json
import uuid
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

RENDER_CACHE_SECONDS = 6 * 60 * 60
FACTS, LINKS = "facts", "links"
TOKEN_KEY = "articles:render-token:{}"
# Block types whose HTML comes from the fact registry, and those that show another page,
# a document or an image; rich text shows them through these markers.
FACT_BLOCKS = {"model_table"}
LINK_BLOCKS = {"article", "image"}
LINK_MARKERS = ('linktype="page"', 'linktype="document"', "<embed")
ARTICLES_DIR = Path(__file__).resolve().parent
# What a fragment's HTML is made by, besides its content.
RENDERING_CODE = ("blocks/*.py", "columns.py", "tables.py", "exports.py", "reading.py")
RENDERING_TEMPLATES = ("articles/**/*.html", "includes/*.html")


@once
def code_digest():
    """A digest of the templates and modules that render fragments, computed once."""
    digest = hashlib.blake2b(digest_size=12)
    template_dir = Path(settings.BASE_DIR) / "templates"
    files = [f for pattern in RENDERING_CODE for f in ARTICLES_DIR.glob(pattern)]
    files += [f for pattern in RENDERING_TEMPLATES for f in template_dir.glob(pattern)]
    for path in sorted(files):
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def usable_cache():
    """The shared cache, or None while it is down (ResilientRedisCache says so) or when
    there is none to share (RENDER_CACHE_ENABLED is off without REDIS_URL)."""
    if not settings.RENDER_CACHE_ENABLED or getattr(cache, "is_down", False):
        return None
    return cache


def replace_token(kind):
    """Retire every fragment that depends on `kind`, now and once the change commits."""

    def replace():
        shared = usable_cache()
        if shared is not None:
            shared.set(TOKEN_KEY.format(kind), uuid.uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


def current_tokens(shared, kinds):
    keys = {kind: TOKEN_KEY.format(kind) for kind in kinds}
    found = shared.get_many(list(keys.values())) if keys else {}
    tokens = {}
    for kind, key in keys.items():
        token = found.get(key)
        if token is None:
            shared.add(key, uuid.uuid4().hex, None)
            token = shared.get(key) or uuid.uuid4().hex  # a cache that keeps nothing: miss
        tokens[kind] = token
    return tokens


def request_tokens(shared, request, kinds):
    """The tokens a request's fragments are keyed with, read once per request in one round
    trip (the page's fragments used to read theirs one by one). A token replaced while the
    request renders leaves it with the old one, as if it had started a moment earlier: what
    it stores under that token is never read again."""
    known = getattr(request, "_render_tokens", None)
    if known is None:
        known = current_tokens(shared, [FACTS, LINKS])
        if request is not None:
            request._render_tokens = known
    return {kind: known[kind] for kind in kinds}


def depends_on(raw_stream, stored_json):
    """Which tokens a stream's HTML depends on, from its block types and rich text."""
    types = {block.get("type") for block in raw_stream}
    kinds = []
    if types & FACT_BLOCKS:
        kinds.append(FACTS)
    if types & LINK_BLOCKS or any(marker in stored_json for marker in LINK_MARKERS):
        kinds.append(LINKS)
    return kinds


def fragment_key(name, page, raw_stream, stored_json, site_id, tokens):
    digest = hashlib.blake2b(stored_json.encode(), digest_size=16).hexdigest()
    parts = [name, code_digest(), page.pk, page.live_revision_id, digest, site_id, page.url_path]
    # Headings, units and dates inside a fragment are in the language it was rendered in.
    parts.append(translation.get_language())
    parts += [f"{kind}={tokens[kind]}" for kind in sorted(tokens)]
    named = hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()
    return f"articles:fragment:{page.pk}:{named}"


def cached_fragment(name, page, stream, request, render, also=()):
    """The HTML `render()` returns for a page's stream, from the shared cache when a
    fragment with the same key is there. Previews and unsaved pages always render.

    `also` names tokens the fragment depends on whatever the stream holds (a list of
    other pages depends on LINKS)."""
    shared = usable_cache()
    if shared is None or page.pk is None or getattr(request, "is_preview", False):
        return render()
    raw_stream = list(stream.raw_data)
    stored_json = json.dumps(raw_stream, sort_keys=True, default=str)
    kinds = sorted({*depends_on(raw_stream, stored_json), *also})
    tokens = request_tokens(shared, request, kinds)
    site = Site.find_for_request(request) if request is not None else None
    key = fragment_key(name, page, raw_stream, stored_json, site.pk if site else None, tokens)
    html = shared.get(key)
    if html is None:
        html = str(render())
        shared.set(key, html, RENDER_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template output, escaped when rendered
