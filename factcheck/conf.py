"""The fact-checking app's settings and their defaults (django-appconf, as consent/conf.py).

A project names only what it changes, e.g. ``FACTCHECK_REVIEW_AFTER_DAYS = 90``.
"""

from appconf import AppConf
from django.conf import settings

__all__ = ["settings"]


class FactCheckConf(AppConf):
    # A fact (or an article) last checked longer ago than this is due for review.
    REVIEW_AFTER_DAYS = 180
    # Rows each dashboard panel lists before it says "and N more".
    DASHBOARD_ROWS = 8

    class Meta:
        prefix = "factcheck"
