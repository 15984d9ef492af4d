"""core.routing finds the same page, sub-route and 404 as Wagtail's own routing, in
fewer queries."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site

from core import requestcache, routing
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


def test_a_practice_is_found_in_two_queries_and_then_from_the_cache(
    tree, version_read_once, django_assert_max_num_queries, django_assert_num_queries
):
    from core.cache import bump_content_version

    request = RequestFactory().get("/nl/kennisbank/ouderavond/")
    path = "kennisbank/ouderavond/"
    with translation.override("nl"):
        portal_route(path)  # the site and the start page are now known
        bump_content_version()
        with django_assert_max_num_queries(4):  # site, start page, pages along, page
            token = requestcache._store.set({})
            try:
                result = routing.route(request, path)
            finally:
                requestcache._store.reset(token)
        with django_assert_num_queries(0):
            token = requestcache._store.set({})
            try:
                again = routing.route(request, path)
            finally:
                requestcache._store.reset(token)
    assert result.page.pk == again.page.pk == tree["practice"].pk
    assert type(again.page) is type(tree["practice"])


def test_an_unpublished_page_is_not_served_from_the_cache(tree):
    with translation.override("nl"):
        assert portal_route("kennisbank/ouderavond/")[0] == tree["practice"].pk
        tree["practice"].unpublish()
        assert portal_route("kennisbank/ouderavond/") == "404"
