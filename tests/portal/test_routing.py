"""portal.routing finds the same page, sub-route and 404 as Wagtail's own routing, in
fewer queries."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site

from portal import requestcache, routing
from tests.kennisbank.factories import KennisbankIndexPageFactory, PracticePageFactory


@pytest.fixture
def tree(home_page):
    index = KennisbankIndexPageFactory(parent=home_page)
    practice = PracticePageFactory(parent=index, slug="ouderavond")
    draft = PracticePageFactory(parent=index, slug="nog-niet", live=False)
    plain = Page(title="Info", slug="info")
    home_page.add_child(instance=plain)
    below = Page(title="Onder", slug="onder")
    plain.add_child(instance=below)
    return {"index": index, "practice": practice, "draft": draft, "plain": plain, "below": below}


def describe(result):
    """Page, type and (for a routable page) the sub-route's view and arguments."""
    sub = ()
    if result.args:
        view, args, kwargs = result.args
        sub = (view.__name__, tuple(args), kwargs)
    return (result.page.pk, type(result.page), sub)


def wagtail_route(path):
    request = RequestFactory().get("/nl/" + path)
    site = Site.find_for_request(request)
    components = [c for c in path.split("/") if c]
    try:
        result = site.root_page.localized.specific.route(request, components)
    except Http404:
        return "404"
    return describe(result)


def portal_route(path):
    request = RequestFactory().get("/nl/" + path)
    token = requestcache._store.set({})
    try:
        result = routing.route(request, path)
    except Http404:
        return "404"
    finally:
        requestcache._store.reset(token)
    if result is None:
        return None
    return describe(result)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "kennisbank/",
        "kennisbank/ouderavond/",
        "kennisbank/tips/",
        "kennisbank/wie-is-wie/",
        "info/",
        "info/onder/",
        "kennisbank/nog-niet/",
    ],
)
def test_routes_like_wagtail(tree, path):
    with translation.override("nl"):
        assert portal_route(path) == wagtail_route(path)


@pytest.mark.parametrize("path", ["bestaat-niet/", "kennisbank/bestaat-niet/", "info/x/y/"])
def test_unknown_paths_are_left_to_wagtail_or_not_found(tree, path):
    with translation.override("nl"):
        assert portal_route(path) in (None, "404")
        assert wagtail_route(path) == "404"


def test_a_practice_is_found_in_two_queries(tree, django_assert_max_num_queries):
    request = RequestFactory().get("/nl/kennisbank/ouderavond/")
    token = requestcache._store.set({})
    try:
        with translation.override("nl"):
            routing.route(request, "kennisbank/ouderavond/")  # fills the cached site and start page
        requestcache._store.set({})
        with translation.override("nl"), django_assert_max_num_queries(2):
            result = routing.route(request, "kennisbank/ouderavond/")
    finally:
        requestcache._store.reset(token)
    assert result.page.pk == tree["practice"].pk
