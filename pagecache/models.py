"""The purge journal: one row per purged path, holding the token the path was last given.

The database, not the cache, is the authority on which cached pages still count (see
tokens.py): every process reads it, with Redis or without, and a purge written here
outlives a Redis outage or restart.
"""

from django.db import models


class PurgeToken(models.Model):
    # MD5 of the path, as the cache keys use: fixed width, so the primary-key lookup a
    # cache hit makes stays one small index probe whatever the path's length.
    path_digest = models.CharField(max_length=32, primary_key=True)
    token = models.CharField(max_length=32)
    purged_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "page-cache purge token"

    def __str__(self):
        return f"{self.path_digest} -> {self.token}"
