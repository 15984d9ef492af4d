"""The anonymous full-page cache: fast for visitors, never a leak, never stale."""

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from access import roles
from tests.portal.factories import UserFactory


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def get(client, path):
    response = client.get(path)
    return response, response.get("X-Portal-Cache")


def test_anonymous_page_is_served_from_the_cache_the_second_time(home_page):
    _, first = get(Client(), "/nl/")
    response, second = get(Client(), "/nl/")
    assert (first, second) == ("miss", "hit")
    assert home_page.title in response.content.decode()
    assert "Content-Security-Policy" in response


def test_publishing_invalidates_the_cache(home_page):
    get(Client(), "/nl/")
    home_page.title = "Nieuwe titel voor de start"
    home_page.save_revision().publish()
    response, state = get(Client(), "/nl/")
    assert state == "miss"
    assert "Nieuwe titel voor de start" in response.content.decode()


def test_unpublishing_invalidates_the_cache(home_page):
    child = Page(title="Tijdelijk", slug="tijdelijk")
    home_page.add_child(instance=child)
    child.save_revision().publish()
    assert get(Client(), "/nl/tijdelijk/")[0].status_code == 200
    child.unpublish()
    assert get(Client(), "/nl/tijdelijk/")[0].status_code == 404


def test_moving_a_page_invalidates_the_cache(home_page):
    a = home_page.add_child(instance=Page(title="A", slug="a"))
    b = home_page.add_child(instance=Page(title="B", slug="b"))
    assert get(Client(), "/nl/b/")[0].status_code == 200
    b.move(a, pos="last-child")
    moved = get(Client(), "/nl/b/")[0]
    assert moved.status_code in (301, 404)
    assert moved.get("Location", "/nl/a/b/") == "/nl/a/b/"
    assert get(Client(), "/nl/a/b/")[0].status_code == 200


def test_a_new_restriction_takes_effect_at_once(home_page, role_groups):
    page = home_page.add_child(instance=Page(title="Straks privé", slug="straks"))
    assert get(Client(), "/nl/straks/")[0].status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(role_groups[roles.PARTNER])
    response, state = get(Client(), "/nl/straks/")
    assert response.status_code == 302
    assert state is None


def test_a_members_page_is_never_cached_or_served_to_someone_else(home_page, role_groups):
    secret = home_page.add_child(instance=Page(title="Verhaal van Nadia", slug="verhaal"))
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(role_groups[roles.PARTNER])
    member = Client()
    member.force_login(UserFactory(groups=[roles.PARTNER]))
    for _ in range(2):
        response = member.get("/nl/verhaal/")
        assert response.status_code == 200
        assert response.get("X-Portal-Cache") is None
        assert "private" in response["Cache-Control"]
    anonymous = Client().get("/nl/verhaal/")
    assert anonymous.status_code == 302
    assert "Verhaal van Nadia" not in anonymous.content.decode()


def test_logged_in_home_page_is_private_and_not_shared(home_page, partner):
    member = Client()
    member.force_login(partner)
    response = member.get("/nl/")
    assert "private" in response["Cache-Control"]
    assert f"Welkom terug, {partner.first_name}" in response.content.decode()
    anonymous, _ = get(Client(), "/nl/")
    assert "Welkom terug" not in anonymous.content.decode()


def test_easy_read_choice_gets_its_own_cache_entry(home_page):
    plain = Client()
    easy = Client()
    easy.cookies["portal_easy_read"] = "1"
    get(plain, "/nl/")
    assert get(easy, "/nl/")[1] == "miss"


def test_a_login_keeps_what_is_cached_but_a_change_of_the_user_does_not(home_page, role_groups):
    """Django saves ``last_login`` on every login: that changes nothing anyone sees, so
    it must not throw away every cached page and value. Any other change of a user
    (a name, groups) still counts."""
    from django.contrib.auth import authenticate, login
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from core.cache import content_version
    from tests.portal.factories import UserFactory

    user = UserFactory(username="inlogger")
    user.set_password("lang-genoeg-wachtwoord-1")
    user.save()
    before = content_version()
    request = RequestFactory().post("/accounts/login/")
    request.session = SessionStore()
    found = authenticate(request, username="inlogger", password="lang-genoeg-wachtwoord-1")
    login(request, found)
    assert found.last_login is not None
    assert content_version() == before
    found.first_name = "Anders"
    found.save()
    assert content_version() != before
