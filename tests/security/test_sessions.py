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
