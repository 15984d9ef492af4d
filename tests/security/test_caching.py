"""Caches: a member's page is never served to someone else, and no response with
private content may be kept by a shared cache (a proxy or CDN in front)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.security.conftest import SECRETS, as_user, assert_not_shared_cacheable, body_of, who


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def private_urls(world):
    """(url, who may see it, secret key) for every way out that carries private content."""
    space_a, doc_a = world["space_a"], world["doc_a"]
    return [
        (space_a.url, "member_a", "meeting_a"),
        (world["meeting_a"].url, "member_a", "meeting_a"),
        (world["meeting_a"].url + "ics/", "member_a", None),
        (space_a.url + space_a.reverse_subpage("documents"), "member_a", "doc_a"),
        (
            space_a.url + space_a.reverse_subpage("document_detail", args=[doc_a.pk]),
            "member_a",
            "doc_a",
        ),
        (space_a.url + space_a.reverse_subpage("members"), "member_a", None),
        (space_a.url + space_a.reverse_subpage("inputs"), "member_a", None),
        (reverse("wagtaildocs_serve", args=[doc_a.pk, doc_a.filename]), "member_a", None),
        (world["index"].url, "member_a", None),
        (world["partner_page"].url, "partner", "partner_page"),
        (world["french"].url, "partner", "partner_fr"),
        (world["kennisbank"].url, "partner", "partner_page"),
        ("/nl/zoeken/?q=verslag", "member_a", "doc_a"),
        ("/nl/zoeken/?q=verslag&format=json", "member_a", "doc_a"),
        ("/nl/zoeken/suggesties/?q=vers", "member_a", None),
        ("/nl/", "member_a", None),
        ("/nl/mijn-werkgroepen/instellingen/", "member_a", None),
    ]


def test_every_private_response_is_kept_out_of_shared_caches(client, world):
    for url, name, _secret in private_urls(world):
        response = as_user(client, who(world, name)).get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_not_shared_cacheable(response)


def test_refusals_of_private_pages_are_not_cached_either(client, world):
    """A login redirect or 403 cached by a proxy would lock members out (or, worse, a
    cached 200 would let others in): refusals carry no-cache headers too."""
    for url, _name, _secret in private_urls(world)[:4]:
        for user in (None, who(world, "outsider")):
            response = as_user(client, user).get(url)
            assert response.status_code in (302, 403, 404), url
            if response.status_code != 404:
                control = response.get("Cache-Control", "")
                assert "no-cache" in control or "private" in control or "no-store" in control


def test_nothing_a_member_saw_is_served_from_the_page_cache_to_others(world, page_cache):
    member_urls = private_urls(world)
    members = {name: Client() for name in ("member_a", "partner")}
    for client_name, member_client in members.items():
        member_client.force_login(who(world, client_name))
    for url, name, _secret in member_urls:
        members[name].get(url)
        members[name].head(url)
    outsider = Client()
    outsider.force_login(who(world, "outsider"))
    for visitor in (Client(), outsider, Client(HTTP_COOKIE="sessionid=made-up")):
        for url, _name, secret in member_urls:
            response = visitor.get(url)
            assert response.get("X-Portal-Cache") != "hit" or secret is None, url
            text = body_of(response)
            for key in SECRETS:
                assert SECRETS[key] not in text, (url, key)


def test_an_anonymous_cached_page_never_reaches_a_member_with_stale_content(
    world, page_cache, django_capture_on_commit_callbacks
):
    """The start page is cached for anonymous visitors; a member still gets their own
    (uncached) start page with the personal panel."""
    anonymous = Client()
    anonymous.get("/nl/")
    assert anonymous.get("/nl/")["X-Portal-Cache"] == "hit"
    member = Client()
    member.force_login(who(world, "member_a"))
    response = member.get("/nl/")
    assert "X-Portal-Cache" not in response
    assert "Voorbereiding gezinnendag" in response.content.decode()
    assert "Voorbereiding gezinnendag" not in anonymous.get("/nl/").content.decode()
