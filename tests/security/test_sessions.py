"""Login throttling, no user-existence oracle, safe redirects after login."""

import pytest

from tests.portal.factories import UserFactory

LOGIN = "/nl/accounts/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "verkeerd"})


def test_repeated_failed_logins_lock_the_username_out(client, home_page, axes_on):
    UserFactory(username="els")
    fail(client, "els", 3)
    response = client.post(LOGIN, {"username": "els", "password": "portaal-demo"})
    assert "_auth_user_id" not in client.session
    assert "Te veel pogingen" in response.content.decode()


def test_admin_login_is_throttled_too(client, home_page, axes_on):
    UserFactory(username="beheerder", is_staff=True, is_superuser=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "beheerder", "password": "verkeerd"})
    client.post("/admin/login/", {"username": "beheerder", "password": "portaal-demo"})
    assert "_auth_user_id" not in client.session


def test_unknown_and_known_usernames_get_the_same_answer(client, home_page, axes_on):
    UserFactory(username="bestaat")
    known = client.post(LOGIN, {"username": "bestaat", "password": "verkeerd"})
    unknown = client.post(LOGIN, {"username": "bestaatniet", "password": "verkeerd"})
    assert known.status_code == unknown.status_code == 200

    def errors(response):
        return response.content.decode().split('role="alert"')[1].split("</div>")[0]

    assert errors(known) == errors(unknown)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_login_never_redirects_off_site(client, home_page, target):
    UserFactory(username="ann")
    response = client.post(
        LOGIN + "?next=" + target,
        {"username": "ann", "password": "portaal-demo", "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/")
    assert not location.startswith("//")
    assert "evil" not in location
    assert "javascript" not in location


def test_password_change_ends_other_sessions(client, home_page):
    from django.test import Client

    user = UserFactory(username="wissel")
    other = Client()
    other.force_login(user)
    assert other.get("/nl/").context["request"].user.is_authenticated
    user.set_password("een-nieuw-wachtwoord-42")
    user.save()
    assert not other.get("/nl/").context["request"].user.is_authenticated


def test_shared_page_passwords_are_disabled(settings):
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}


def test_logged_in_user_without_access_gets_a_no_access_page_not_a_loop(client, home_page):
    from wagtail.models import Page, PageViewRestriction

    page = home_page.add_child(instance=Page(title="Alleen partners", slug="partners"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    from django.contrib.auth.models import Group

    restriction.groups.add(Group.objects.get_or_create(name="Partner")[0])
    client.force_login(UserFactory(username="nietpartner"))
    response = client.get("/nl/partners/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    assert response.redirect_chain[0][0].startswith("/nl/accounts/login/")
    assert "niet voor jou open" in response.content.decode()


def test_restricted_page_sends_anonymous_visitors_to_the_login_in_their_language(client, home_page):
    from wagtail.models import Locale, PageViewRestriction

    french = home_page.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    PageViewRestriction.objects.create(page=french, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/fr/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
