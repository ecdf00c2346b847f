import os

from django.core.wsgi import get_wsgi_application

from astermind_site.startup import require_collected_static

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astermind_site.settings.dev")
application = get_wsgi_application()
require_collected_static()  # fail at start, not with a 500 on every page
