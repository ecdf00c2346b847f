"""What crawlers read once per site, outside the language prefixes: the sitemap (one for
every language) and robots.txt. Defined in urls.py; included by name from the root URLconf
(astermind_site/urls.py), so the site package imports no app."""

from .urls import crawler_urlpatterns as urlpatterns

__all__ = ["urlpatterns"]
