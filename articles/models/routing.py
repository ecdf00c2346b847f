"""Page routing and privacy checks that fetch each page of a URL once.

Wagtail's Page.route looks a child up as a plain Page and then fetches it again as its
specific type: two queries per level. Our home page holds only sections and a section only
articles, so each looks its child up directly as that type (one query, with what the child
shows selected alongside) and falls back to Wagtail's lookup for anything else; the child is
kept once per site version, so a warm request asks the database only for view restrictions.
The pages a request passed through are kept on the child (``route_trail``), so breadcrumbs
need no ancestor query.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from astermind_site.languages import content_language
from pagecache import versioned

# How many levels below the page routing starts from are read in its one round trip.
PREFETCHED_LEVELS = 4


def child_name(parent_url_path, slug):
    """What a routed child is kept under: its URL path, which names its parent and slug
    (so every level of a request's path is known before routing reaches it)."""
    return f"child:{parent_url_path}{slug}/"


class TypedChildRouteMixin:
    def child_queryset(self):
        """The page type children normally have, as a queryset; override per page type."""
        # Abstract on purpose: HomePage and SectionPage, the only users, each define it, and a
        # new page type that forgets to should fail loudly rather than route to nothing.
        raise NotImplementedError

    def route(self, request, path_components):
        if path_components:
            if not getattr(self, "route_trail", None):
                # Where routing starts: each level's kept child, read in one round trip.
                names, prefix = [], self.url_path
                for component in path_components[:PREFETCHED_LEVELS]:
                    names.append(child_name(prefix, component))
                    prefix += f"{component}/"
                # The page the whole path names: that it is public, and its bundle.
                names += [public_name(prefix), versioned.bundle_name(request, prefix)]
                versioned.prefetch(request, names)
            slug = path_components[0]
            # Kept once per site version (pagecache/versioned.py): a publish, unpublish, move
            # or delete anywhere gives a new one. Slugs that find nothing make no entry.
            child = versioned.cached(
                request,
                child_name(self.url_path, slug),
                lambda: self.child_queryset().child_of(self).filter(slug=slug).first(),
                keep=lambda found: found is not None,
            )
            if child is not None:
                child._cached_parent_obj = self  # treebeard's get_parent() reads this
                child.route_trail = [*getattr(self, "route_trail", []), self]
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class ActiveLocaleRootMixin:
    """A site root serves only URLs in its own language.

    Wagtail routes a request from the root's translation in the active language and falls
    back to the site's root page itself when there is none, so without this
    ``/de/core-concepts/`` would show the English section under a German address (and
    ``lang="de"``). A German URL of a page not translated yet is a 404; the language switcher
    says so instead of linking to it (astermind_site/languages.py).

    The site's root page is the default language's home (the demo loader and Wagtail's own
    set-up make it so), so the fallback is recognised without a query: a request in another
    language that reached the site's root page itself found no translation.
    """

    @property
    def localized(self):
        """Itself when it is in the request's language, known from its locale when that came
        with it (astermind_site/site_lookup.py's root page): Wagtail reads the active Locale
        from the database first, on every request it routes."""
        locale = self._state.fields_cache.get("locale")
        if locale is not None and locale.language_code == content_language():
            return self
        return super().localized

    def route(self, request, path_components):
        site = Site.find_for_request(request)  # cached on the request by Wagtail
        in_default_language = translation.get_language() == settings.LANGUAGE_CODE
        if site is not None and (self.pk == site.root_page_id) != in_default_language:
            raise Http404
        return super().route(request, path_components)


def routed_ancestors(page):
    """The page's ancestors below the tree root (depth 2 down to its parent) as routing
    passed them, or None when this page was not reached through TypedChildRouteMixin."""
    trail = getattr(page, "route_trail", None)
    if trail and [p.depth for p in trail] == list(range(2, page.depth)):
        return trail
    return None


def public_name(url_path):
    """What "no view restriction on this page or above it" is kept under for a page."""
    return f"public:{url_path}"


class OneQueryViewRestrictionsMixin:
    """View restrictions in one query, and what a page's render keeps per site version.

    Wagtail checks the restrictions (its ``on_serve_page`` hook) before ``serve``; ``serve``
    then knows from that same query whether the page is restricted: a restricted page keeps
    nothing (not even for a visitor who may see it), any other opens its bundle, the one
    entry its render's kept values share, written once the response is rendered
    (pagecache/versioned.py).

    That a routed page has no restriction is kept too, per site version (only that: never a
    restriction's rows, which may hold a password): every save or delete of a restriction,
    and every move or publish, renews the version (pagecache/signals.py), as it retires
    every other kept value and every cached page. A page with a restriction, a preview and
    a page not reached through routing always query."""

    def route(self, request, path_components):
        if not path_components:
            self._routed_for = request  # the request whose site version may answer
            if not getattr(self, "route_trail", None):
                # A site's root page itself: its flag and bundle in one round trip, as
                # TypedChildRouteMixin reads a deeper page's with the path's.
                names = [public_name(self.url_path), versioned.bundle_name(request, self.url_path)]
                versioned.prefetch(request, names)
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's rule in one query instead of two: restrictions on this page and its
        ancestors, where an alias uses its source page's restrictions instead of its own.
        The queryset is kept on the page, so what Wagtail's check read is read once; for a
        routed page known to have none, no query at all."""
        request = self.__dict__.get("_routed_for")
        if request is not None and versioned.cached(
            request, public_name(self.url_path), lambda: not self.restrictions_query(), keep=bool
        ):
            self._view_restrictions = PageViewRestriction.objects.none()
        else:
            self._view_restrictions = self.restrictions_query()
        return self._view_restrictions

    def restrictions_query(self):
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]
        trail = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=trail.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=trail.filter(alias_of__isnull=False).values("alias_of_id"))
        )

    def is_view_restricted(self):
        restrictions = self.__dict__.get("_view_restrictions")
        if restrictions is None:
            restrictions = self.get_view_restrictions()
        return bool(restrictions)  # the rows Wagtail's check read, when it ran

    def serve(self, request, *args, **kwargs):
        if not versioned.keeps(request):  # a preview: nothing is kept in any case
            return super().serve(request, *args, **kwargs)
        if self.is_view_restricted():
            versioned.keep_nothing(request)
            return super().serve(request, *args, **kwargs)
        versioned.open_page(request, self)
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "is_rendered", True):
            versioned.close_page(request)
        else:
            response.add_post_render_callback(lambda rendered: versioned.close_page(request))
        return response

    def __getstate__(self):
        """Pages are kept (routing, listings): never with a request or its restriction rows."""
        state = super().__getstate__()
        state.pop("_view_restrictions", None)
        state.pop("_routed_for", None)
        return state
