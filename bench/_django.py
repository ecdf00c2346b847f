"""Shared start-up for in-process benchmarks: the test settings on a throwaway SQLite
database, or on DATABASE_URL when it is set, so the development database is never touched."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        db_file = Path(tempfile.mkdtemp()) / f"{name}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "astermind_site.settings.test"
    import django

    django.setup()
