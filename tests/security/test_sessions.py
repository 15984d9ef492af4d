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


# --- every return parameter (added with the adversarial suite) --------------------------

EVIL_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "https:/evil.example",
    "javascript:alert(1)",
    "/%09/evil.example",
    "/nl/../\\evil.example",
    "%2F%2Fevil.example",
]


def _stays_on_site(response):
    """The redirect is a path on this site, as a browser would read it (backslashes as
    slashes, tabs and newlines dropped); percent-encoded characters stay in the path."""
    from urllib.parse import urlsplit

    location = response.get("Location", "")
    read_as = location.replace("\\", "/").replace("\t", "").replace("\n", "").strip()
    parts = urlsplit(read_as)
    assert not parts.scheme and not parts.netloc, location
    assert not read_as.startswith("//"), location


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_admin_login_never_redirects_off_site(client, home_page, target):
    UserFactory(username="beheer", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=" + target,
        {"username": "beheer", "password": "portaal-demo", "next": target},
    )
    assert response.status_code == 302
    _stays_on_site(response)


@pytest.mark.parametrize("target", EVIL_TARGETS)
@pytest.mark.parametrize("logout", ["/nl/accounts/logout/", "/admin/logout/"])
def test_logout_never_redirects_off_site(client, home_page, target, logout):
    client.force_login(UserFactory(username="weg", is_staff=True, is_superuser=True))
    response = client.post(logout + "?next=" + target, {"next": target})
    assert response.status_code == 302
    _stays_on_site(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_already_logged_in_users_are_not_bounced_off_site(client, home_page, target):
    """Logged in already: sent home (unsafe target) or told they have no access (a
    page of this site) — never sent to the target, never off the site."""
    client.force_login(UserFactory(username="al-binnen"))
    response = client.get(LOGIN + "?next=" + target)
    assert response.status_code in (302, 403)
    _stays_on_site(response)


def test_the_next_parameter_is_escaped_in_the_login_form(client, home_page):
    target = '"><script>alert(1)</script>'
    html = client.get(LOGIN, {"next": target}).content.decode()
    assert "<script>alert(1)" not in html


def test_a_restricted_page_sends_anonymous_visitors_to_the_login_with_a_local_next(
    client, home_page, role_groups
):
    from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory

    index = KennisbankIndexPageFactory(parent=home_page)
    page = MethodPageFactory(parent=index, audience="partners", slug="intern")
    response = client.get(page.url)
    assert response.status_code == 302
    path, query = response["Location"].split("?", 1)
    assert path.endswith("/accounts/login/")
    assert query.startswith("next=/nl/kennisbank/intern/")


# --- losing access ------------------------------------------------------------------------


@pytest.fixture
def space_with_member(home_page, role_groups, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.samplefiles import make_pdf
    from tests.werkgroepen.factories import (
        MeetingPageFactory,
        WorkingGroupIndexPageFactory,
        WorkingGroupPageFactory,
    )
    from werkgroepen import documents

    with django_capture_on_commit_callbacks(execute=True):
        index = WorkingGroupIndexPageFactory(parent=home_page)
        space = WorkingGroupPageFactory(parent=index, title="Wonen", slug="wonen")
        MeetingPageFactory(parent=space, title="Overleg huurwaarborg", slug="huurwaarborg")
        member = UserFactory(username="vertrekker")
        lead = UserFactory(username="trekker-w", groups=["Partner"])
        member.groups.add(space.member_group)
        lead.groups.add(space.member_group, space.lead_group)
        document = documents.create_document(
            space,
            SimpleUploadedFile("wonen.pdf", make_pdf("Wonen", ["huurwaarborg"])),
            lead,
            title="Huurwaarborg afspraken",
        )
    return space, member, lead, document


def _member_views(client, space, document):
    from django.urls import reverse

    return {
        "space": client.get(space.url),
        "document": client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename])),
        "search": client.get("/nl/zoeken/", {"q": "huurwaarborg", "format": "json"}),
        "home": client.get("/nl/"),
    }


def test_a_removed_member_loses_access_on_the_next_request(client, space_with_member):
    from django.test import Client

    space, member, lead, document = space_with_member
    member_client = Client()
    member_client.force_login(member)
    before = _member_views(member_client, space, document)
    assert before["space"].status_code == 200
    assert before["document"].status_code == 200
    assert before["search"].json()["total"] >= 1
    assert "Overleg huurwaarborg" in before["home"].content.decode()

    client.force_login(lead)
    client.post(
        space.url + space.reverse_subpage("members"), {"action": "remove", "user": member.pk}
    )

    after = _member_views(member_client, space, document)  # same session, no new login
    assert after["space"].status_code == 403
    assert after["document"].status_code in (302, 403, 404)
    assert after["search"].json()["total"] == 0
    assert "Overleg huurwaarborg" not in after["home"].content.decode()


def test_a_deactivated_account_is_logged_out_on_the_next_request(client, space_with_member):
    space, member, _lead, _document = space_with_member
    client.force_login(member)
    assert client.get(space.url).status_code == 200
    member.is_active = False
    member.save()
    response = client.get(space.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- throttling behind the proxy ------------------------------------------------------------


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, home_page, axes_on):
    """Without a trusted proxy (PROXY_COUNT=0) the client's X-Forwarded-For is ignored:
    changing it on every attempt does not reset the count."""
    UserFactory(username="doelwit")
    for number in range(3):
        client.post(
            LOGIN,
            {"username": "doelwit", "password": "verkeerd"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    response = client.post(
        LOGIN,
        {"username": "doelwit", "password": "portaal-demo"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert "_auth_user_id" not in client.session
    assert "Te veel pogingen" in response.content.decode()


def test_behind_a_trusted_proxy_each_client_address_counts_on_its_own(
    client, home_page, axes_on, settings
):
    settings.PORTAL_PROXY_COUNT = 1
    UserFactory(username="collega")
    for _ in range(3):
        client.post(
            LOGIN,
            {"username": "collega", "password": "verkeerd"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    locked = client.post(
        LOGIN,
        {"username": "collega", "password": "portaal-demo"},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert "Te veel pogingen" in locked.content.decode()
    client.post(
        LOGIN,
        {"username": "collega", "password": "portaal-demo"},
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert client.session.get("_auth_user_id")
