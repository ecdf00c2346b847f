"""The page cache: whole responses for anonymous visitors, purged when content changes.

Built on Django's cache framework rather than wagtail-cache: its latest release (3.0.0)
requires ``wagtail<8.0``, so it cannot be installed beside Wagtail 8. See middleware.py for
what is cached and store.py for how a purge reaches every variant of a URL.
"""
