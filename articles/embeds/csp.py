"""The video embeds' part of the Content-Security-Policy, through the site's hook
(astermind_site/csp.py; named by ArticlesConfig.csp_sources): on pages, frame-src lists
exactly the enabled providers' players (providers.py), and nothing when none is."""

from astermind_site.csp import is_html

from .providers import frame_origins


def csp_sources(request, response):
    origins = frame_origins() if is_html(response) else []
    return {"frame-src": origins} if origins else {}
