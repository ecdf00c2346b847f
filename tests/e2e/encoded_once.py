"""The browser suite encodes each rendition once per run, not once per test.

Every browser test that meets the site loads the demo content into a flushed database and
runs the worker's queue, as `make demo` does, so no page a browser opens waits for an encode.
The renditions' rows and files are made afresh each time, but the pixels are the same: the
same source bytes through the same filter give the same output. Encoding them (AVIF and WebP
at several widths) was about half of each such test's setup, and most of the browser suite's
time in CI.

So during a browser run Wagtail's ``Filter.run`` remembers what it wrote, by the source's
content hash, the filter spec and the focal-point key, and writes those bytes again when
asked for the same rendition. The first request for each is a real encode; Wagtail still
names, stores and records every rendition itself. Encoding as such is tested where it is the
subject (tests/articles/test_renditions_worker.py, tests/articles/test_images.py), with this
off: only tests/e2e/conftest.py switches it on.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass

from wagtail.images.models import Filter
from wagtail.utils.file import hash_filelike


@dataclass(frozen=True)
class _Encoded:
    """What Wagtail reads from a filter's result: the file it wrote and its format."""

    f: object
    format_name: str


@contextmanager
def encoded_once():
    """Within the block, each (source, spec, focal point) is encoded once."""
    original = Filter.run
    kept = {}
    lock = threading.Lock()
    counts = {"encoded": 0, "reused": 0}

    def source_hash(image):
        # Not image.get_file_hash(): for an image without one it saves the image, and a
        # save is a change the page cache reacts to.
        if image.file_hash:
            return image.file_hash
        with image.open_file() as f:
            return hash_filelike(f)

    def run(self, image, output, source=None):
        key = (source_hash(image), self.spec, self.get_cache_key(image))
        with lock:
            known = kept.get(key)
        if known is None:
            result = original(self, image, output, source=source)
            output.seek(0)
            with lock:
                kept[key] = (output.read(), result.format_name)
                counts["encoded"] += 1
            output.seek(0)
            return result
        data, format_name = known
        output.write(data)
        output.seek(0)
        with lock:
            counts["reused"] += 1
        return _Encoded(f=output, format_name=format_name)

    Filter.run = run
    try:
        yield counts
    finally:
        Filter.run = original
