"""Wagtail's page routing in two queries instead of two per level of the tree.

Wagtail finds a page by walking down from the site's start page: for every segment of
the URL it reads the child with that slug and then its specific object, so a practice
at ``/nl/kennisbank/<slug>/`` costs seven queries (site, locale, start page, index,
its specific object, practice, its specific object) before the page does anything.

``RoutingMiddleware`` gives Wagtail the same answer before its ``serve`` view asks
for it (``request._wagtail_route_for_request``, which ``Page.route_for_request``
reuses):

- the site for the host and the start page in the active language come from the
  cache under the content version (``core.cache.versioned``);
- the pages along the URL are read in one query, by ``url_path`` (which Wagtail keeps
  equal to the parent's ``url_path`` plus the slug), and checked to form a chain of
  parent and child;
- the page found is read once more as its specific type.

Both reads are kept under the content version too (a path only when all of its pages
exist), so a page served before costs no query at all until something changes.

The walk follows ``Page.route`` exactly: intermediate pages need not be live, the
page found must be. A page whose type routes differently hands over to its own
``route``: a ``RoutablePageMixin`` page whose sub-URLs match the rest of the path,
and any page type with a ``route`` of its own. Whenever something does not fit
(no site, a chain with a gap), the middleware leaves the request to Wagtail.
"""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.http import Http404
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.pages import AbstractPage
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from core.cache import versioned

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


class _Row(NamedTuple):
    """What routing needs to know of a page, without reading the page itself."""

    pk: int
    path: str
    depth: int
    url_path: str
    content_type_id: int
    live: bool

    @property
    def specific_class(self):
        return ContentType.objects.get_for_id(self.content_type_id).model_class()


_FIELDS = tuple(_Row._fields)


def _start_page(site):
    """The site's start page in the active language, as Wagtail's ``localized``."""

    def compute():
        page = site.root_page.localized
        return _Row(*(getattr(page, field) for field in _FIELDS))

    return versioned(("route:start", site.pk, translation.get_language()), compute)


def _pages_along(start, url_paths):
    """{url_path: _Row} of the pages at ``url_paths`` below ``start``, in one query;
    kept per content version when every one of them exists (never for made-up URLs)."""

    def compute():
        rows = Page.objects.filter(
            path__startswith=start.path, depth__gt=start.depth, url_path__in=url_paths
        ).values_list(*_FIELDS)
        return {row.url_path: row for row in (_Row(*values) for values in rows)}

    key = ("route:along", start.pk, tuple(url_paths))
    return versioned(key, compute, keep=lambda found: len(found) == len(url_paths))


def _specific(row):
    """The page of ``row`` as its specific type, with the foreign keys the type names in
    ``route_select_related`` (e.g. a practice's organisation), kept per content
    version: any change of content makes a new version (``core.cache``)."""
    cls = row.specific_class
    if cls is None:
        # The page type no longer exists in the code: Wagtail serves the generic page.
        return Page.objects.get(pk=row.pk)

    def compute():
        related = getattr(cls, "route_select_related", ())
        manager = cls._default_manager
        return (manager.select_related(*related) if related else manager).get(pk=row.pk)

    return versioned(("route:page", row.pk), compute)


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
    found = _pages_along(current, url_paths) if url_paths else {}
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
    if current.live:
        return RouteResult(_specific(current))
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
