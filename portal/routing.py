"""Wagtail's page routing in two queries instead of two per level of the tree.

Wagtail finds a page by walking down from the site's start page: for every segment of
the URL it reads the child with that slug and then its specific object, so a practice
at ``/nl/kennisbank/<slug>/`` costs seven queries (site, locale, start page, index,
its specific object, practice, its specific object) before the page does anything.

``RoutingMiddleware`` gives Wagtail the same answer before its ``serve`` view asks
for it (``request._wagtail_route_for_request``, which ``Page.route_for_request``
reuses):

- the site for the host and the start page in the active language come from the
  cache under the content version (``portal.cache.versioned``);
- the pages along the URL are read in one query, by ``url_path`` (which Wagtail keeps
  equal to the parent's ``url_path`` plus the slug), and checked to form a chain of
  parent and child;
- the page found is read once more as its specific type.

The walk follows ``Page.route`` exactly: intermediate pages need not be live, the
page found must be. A page whose type routes differently hands over to its own
``route``: a ``RoutablePageMixin`` page whose sub-URLs match the rest of the path,
and any page type with a ``route`` of its own. Whenever something does not fit
(no site, a chain with a gap), the middleware leaves the request to Wagtail.
"""

from django.core.exceptions import DisallowedHost
from django.http import Http404
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.pages import AbstractPage
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from portal.cache import versioned

PLAIN, ROUTABLE, CUSTOM = "plain", "routable", "custom"
_kinds = {}
# Where Wagtail defines the default ``route`` (``Page`` inherits it).
_DEFAULT_ROUTE_OWNERS = (AbstractPage, Page)


def _route_kind(cls):
    """How pages of ``cls`` route: like ``Page.route``, like ``RoutablePageMixin``
    on top of ``Page.route``, or in a way of their own."""
    if cls not in _kinds:
        owner = next(klass for klass in cls.__mro__ if "route" in klass.__dict__)
        if owner in _DEFAULT_ROUTE_OWNERS:
            kind = PLAIN
        elif owner is RoutablePageMixin:
            after = cls.__mro__[cls.__mro__.index(RoutablePageMixin) + 1 :]
            below = next((klass for klass in after if "route" in klass.__dict__), None)
            kind = ROUTABLE if below in _DEFAULT_ROUTE_OWNERS else CUSTOM
        else:
            kind = CUSTOM
        _kinds[cls] = kind
    return _kinds[cls]


def site_for(request):
    """Wagtail's ``Site.find_for_request``, from the cache."""
    host, port = request.get_host(), request.get_port()
    return versioned(("route:site", host, port), lambda: Site._find_for_request(request))


def _start_page(site):
    """The site's start page in the active language, as Wagtail's ``localized``."""
    language = translation.get_language()
    return versioned(
        ("route:start", site.pk, language), lambda: Page.objects.get(pk=site.root_page.localized.pk)
    )


def _specific(page):
    """``page.specific``, with the foreign keys the page type names in
    ``route_select_related`` (e.g. a practice's organisation) read in the same query."""
    cls = page.specific_class
    if cls is None or isinstance(page, cls):
        return page
    related = getattr(cls, "route_select_related", ())
    if not related:
        return page.specific
    specific = cls._default_manager.select_related(*related).get(id=page.id)
    # As Wagtail's ``get_specific``: keep what was set on the generic object.
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    return specific


def route(request, path):
    """The ``RouteResult`` for ``path`` (raises Http404), or None to let Wagtail route."""
    site = site_for(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    current = _start_page(site)
    url_paths = [
        current.url_path + "/".join(components[: i + 1]) + "/" for i in range(len(components))
    ]
    found = {}
    if url_paths:
        for page in Page.objects.filter(
            path__startswith=current.path, depth__gt=current.depth, url_path__in=url_paths
        ):
            found[page.url_path] = page
    for index in range(len(components) + 1):
        rest = components[index:]
        kind = _route_kind(current.specific_class or Page)
        if kind == CUSTOM:
            return _specific(current).route(request, rest)
        if kind == ROUTABLE and current.live:
            try:
                current.specific_class.get_resolver().resolve("/" + "".join(f"{c}/" for c in rest))
            except Resolver404:
                pass
            else:
                return _specific(current).route(request, rest)
        if not rest:
            break
        child = found.get(url_paths[index])
        if child is None or child.path[: -Page.steplen] != current.path:
            # No such page, or not the chain the url_paths promise: Wagtail decides
            # (it answers 404 for a missing page in its own queries).
            return None
        current = child
    page = _specific(current)
    if page.live:
        return RouteResult(page)
    raise Http404


class RoutingMiddleware:
    """Place after the authentication middleware (routes may depend on the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not hasattr(request, "_wagtail_site"):
            try:
                request._wagtail_site = site_for(request)
            except DisallowedHost:
                return None
        if view_func is not wagtail_serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            result = route(request, path)
        except Http404:
            result = None
        else:
            if result is None:
                return None
        request._wagtail_route_for_request = result
        return None
