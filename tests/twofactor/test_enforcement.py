"""Who is sent to the second step, before what, and who never is."""

import pytest
from django.urls import reverse

from tests.twofactor.conftest import app_for, body, code_for, verify
from tests.werkgroepen.factories import MeetingPageFactory
from werkgroepen import invitations
from werkgroepen.models import Invitation

VERIFY = "/nl/accounts/beveiliging/tweede-stap/"
SECURITY = "/nl/accounts/beveiliging/"

pytestmark = pytest.mark.django_db


def _readers(request):
    return {
        "lead": request.getfixturevalue("lead"),
        "editor": request.getfixturevalue("editor"),
        "translator": request.getfixturevalue("translator"),
        "coordinator": request.getfixturevalue("coordinator"),
    }


@pytest.mark.parametrize("who", ["lead", "editor", "translator", "coordinator"])
def test_readers_without_a_device_are_sent_to_set_one_up_before_a_space(
    request, client, enforced, space, who
):
    client.force_login(_readers(request)[who])
    response = client.get(space.url)
    assert response.status_code == 302
    assert response.url.startswith(SECURITY)
    assert "next=" in response.url and "participatie" in response.url
    page = client.get(response.url)
    assert "Stel daarom eerst een tweede stap in" in body(page)


@pytest.mark.parametrize("who", ["lead", "editor", "coordinator"])
def test_readers_with_a_device_are_sent_to_the_second_step_before_the_admin(
    request, client, enforced, space, who
):
    user = _readers(request)[who]
    app_for(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert "next=%2Fadmin%2F" in response.url


def test_a_lead_is_stopped_before_the_routes_and_meetings_of_the_space(
    client, enforced, space, lead
):
    meeting = MeetingPageFactory(parent=space, title="Overleg", slug="overleg")
    client.force_login(lead)
    for url in (meeting.url, space.url + "leden/", space.url + "documenten/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SECURITY), url


def test_a_private_document_waits_for_the_second_step(client, enforced, space_document, lead):
    client.force_login(lead)
    response = client.get(space_document.url)
    assert response.status_code == 302
    assert response.url.startswith(SECURITY)


@pytest.mark.parametrize("who", ["lead", "editor", "coordinator"])
def test_a_verified_reader_passes(request, client, enforced, space, who):
    user = _readers(request)[who]
    device = app_for(user)
    client.force_login(user)
    response = verify(client, device)
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "tweede-stap" not in admin.get("Location", "")
    if who != "editor":  # an editor is no member of the space
        page = client.get(space.url)
        assert page.status_code == 200
        assert space.title in body(page)


def test_the_second_step_goes_back_to_where_the_person_was(client, enforced, space, lead):
    device = app_for(lead)
    client.force_login(lead)
    response = client.post(VERIFY + "?next=" + space.url, {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == space.url


def test_the_next_address_never_leaves_the_site(client, enforced, lead):
    device = app_for(lead)
    client.force_login(lead)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil" not in response.url


def test_members_and_partners_are_not_asked(client, enforced, space, member, partner):
    client.force_login(member)
    response = client.get(space.url)
    assert response.status_code == 200
    assert space.title in body(response)
    client.force_login(partner)
    assert client.get("/nl/").status_code in (200, 404)
    assert "tweede-stap" not in client.get("/admin/").get("Location", "")


def test_a_member_who_set_up_a_device_uses_it(client, enforced, space, member):
    app_for(member)
    client.force_login(member)
    response = client.get(space.url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_a_member_without_a_device_costs_no_device_queries_after_the_first_request(
    client, enforced, space, member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    assert client.get(space.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(space.url)
    assert space.title in body(response)
    assert not [q["sql"] for q in queries if "otp_" in q["sql"]]
    # A device set up elsewhere counts from the next sign-in on.
    app_for(member)
    assert client.get(space.url).status_code == 200
    client.force_login(member)
    response = client.get(space.url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_scripts_and_forms_get_a_short_403_instead_of_a_redirect(client, enforced, space, lead):
    client.force_login(lead)
    response = client.get("/admin/", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert "tweede stap" in body(response)
    response = client.get(space.url, headers={"HX-Request": "true"})
    assert response.status_code == 403
    response = client.post(space.url + "documenten/", {})
    assert response.status_code == 403
    assert "tweede stap" in body(response)


def test_signing_in_and_out_and_the_second_step_itself_are_never_blocked(client, enforced, lead):
    client.force_login(lead)
    for url in (
        reverse("password_reset"),
        "/admin/login/",
        "/admin/password_reset/",
        SECURITY,
        reverse("twofactor:app"),
        reverse("twofactor:passkeys"),
    ):
        response = client.get(url)
        assert "tweede-stap" not in response.get("Location", ""), url
        assert response.status_code in (200, 302), url
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "beveiliging" not in response.url


def test_a_password_alone_opens_nothing_else_not_even_search_or_the_start_page(
    client, enforced, home_page, space, lead
):
    """Search results, the start page's panels and the member's own pages show what a
    space holds: they wait for the second step as the space does."""
    device = app_for(lead)
    client.force_login(lead)
    for url in (
        home_page.url,
        reverse("search:search") + "?q=" + space.title,
        reverse("werkgroepen:preferences"),
        reverse("personaldata:my_data"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    verify(client, device)
    start = client.get(home_page.url)
    assert start.status_code == 200
    assert home_page.title in body(start)


def test_anonymous_visitors_read_public_pages_without_any_step(client, enforced, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert home_page.title in body(response)


def test_the_invitation_link_is_never_blocked(client, enforced, space, lead):
    invitation = invitations.create(
        space, purpose=Invitation.Purpose.INPUT, name="Samira", created_by=lead
    )
    url = reverse("werkgroepen:invitation", args=[invitations.token_for(invitation)])
    client.force_login(lead)
    response = client.get(url)
    assert response.status_code == 200
    assert "Samira" in body(response) or space.title in body(response)


def test_with_the_setting_off_nobody_is_asked(client, space, lead, coordinator):
    app_for(lead)
    client.force_login(lead)
    response = client.get(space.url)
    assert response.status_code == 200
    assert space.title in body(response)
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_anonymous_visitors_get_the_login_not_the_second_step(client, enforced, space):
    response = client.get(space.url)
    assert response.status_code == 302
    assert "tweede-stap" not in response.url and "beveiliging" not in response.url
