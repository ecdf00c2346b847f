"""Each change made in the Wagtail admin is one database transaction.

Django's ``ATOMIC_REQUESTS``, for the admin's writes only (a POST, PUT, PATCH or DELETE under
the admin's URL). Wagtail's own views commit step by step: publishing a page saves it in one
transaction and announces it after, and our fact-check step republishes each model of an
edited organisation in its own. In one transaction an edit is all or nothing, and the purges
it causes are collected and sent once, on its commit (pagecache/batch.py owns that).

The view is called here, inside ``transaction.atomic()``, so this must be the last middleware
with a ``process_view`` (those after it would be skipped). An exception rolls everything
back and reaches Django's handler as before; public pages, and the admin's reads, keep
autocommit.
"""

from django.db import transaction
from django.urls import reverse

WRITES = ("POST", "PUT", "PATCH", "DELETE")


class AdminChangeTransactionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def process_view(self, request, view, args, kwargs):
        if request.method not in WRITES or not request.path.startswith(self.admin_prefix()):
            return None
        with transaction.atomic():
            return view(request, *args, **kwargs)
