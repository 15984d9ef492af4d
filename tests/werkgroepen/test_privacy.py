"""Every way out of a space shows its content to a member and to nobody else.

For each way out (page, meeting, document file, previous version, the space's own
document pages, listings, home panel, sitemap, calendars, admin choosers, preview),
a member sees the content and three outsiders do not: a partner in no group, a
member of another group and an anonymous visitor.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.werkgroepen.conftest import login
from werkgroepen import documents
from werkgroepen.models import CalendarToken

OUTSIDERS = ["partner", "other_member", "anonymous"]


def outsider(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def assert_private(response):
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control or "no-cache" in cache_control, cache_control


def assert_refused(response, secret):
    assert response.status_code in (302, 403, 404), response.status_code
    assert secret not in response.content.decode(errors="replace")
    if response.status_code == 302:
        assert "login" in response["Location"]


# --- pages --------------------------------------------------------------------------


def test_member_sees_the_space_and_it_is_never_cached(client, space, member):
    response = login(client, member).get(space.url)
    assert response.status_code == 200
    assert "gezinnen makkelijker hulp vinden" in response.content.decode()
    assert_private(response)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_do_not_see_the_space(request, client, space, who):
    response = login(client, outsider(request, who)).get(space.url)
    assert_refused(response, "gezinnen makkelijker hulp vinden")


def test_logged_in_outsider_gets_a_clear_refusal_not_a_login_loop(client, space, partner):
    response = login(client, partner).get(space.url)
    assert response.status_code == 403
    assert "besloten" in response.content.decode()
    assert_private(response)


def test_the_refusal_shows_nothing_of_the_space_itself(client, space, partner, meeting):
    """Not its search description or its SEO title (the refusal page is rendered with
    the space as its page), for the space and for what lies below it."""
    space.search_description = "Omschrijving: SCHULD-IN-HET-GEZIN"
    space.seo_title = "Titel: SCHULD-IN-HET-GEZIN"
    space.save_revision().publish()
    for url in (space.url, meeting.url):
        response = login(client, partner).get(url)
        assert response.status_code == 403
        assert "besloten" in response.content.decode()
        assert "SCHULD-IN-HET-GEZIN" not in response.content.decode()


def test_member_sees_a_meeting(client, meeting, member):
    response = login(client, member).get(meeting.url)
    assert response.status_code == 200
    assert "Voorbereiding van de gezinnendag" in response.content.decode()
    assert_private(response)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_do_not_see_a_meeting(request, client, meeting, who):
    response = login(client, outsider(request, who)).get(meeting.url)
    assert_refused(response, "Voorbereiding van de gezinnendag")


# --- document files -----------------------------------------------------------------


def test_member_downloads_a_space_document_privately(client, space_document, member):
    response = login(client, member).get(space_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert_private(response)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_download_by_url(request, client, space_document, who):
    url = f"/documents/{space_document.pk}/{space_document.filename}"
    response = login(client, outsider(request, who)).get(url)
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)


def test_trashed_document_is_not_served_to_members(client, space_document, member, lead):
    documents.trash(space_document, lead)
    assert login(client, member).get(space_document.url).status_code == 404
    # The leads can still open it from the trash to decide about restoring it.
    assert login(client, lead).get(space_document.url).status_code == 200


def test_previous_version_is_private(
    request, client, space, space_document, member, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        documents.add_version(
            space_document, SimpleUploadedFile("v2.pdf", space_document.file.read()), lead
        )
    url = space.url + space.reverse_subpage("document_version", args=[space_document.pk, 1])
    response = login(client, member).get(url)
    assert response.status_code == 200
    assert_private(response)
    for who in OUTSIDERS:
        response = login(client, outsider(request, who)).get(url)
        assert response.status_code in (302, 403, 404)
        assert not getattr(response, "streaming", False)


@pytest.mark.parametrize("route", ["documents", "document_trash", "document_upload", "members"])
def test_space_subpages_are_private(request, client, space, space_document, member, route):
    url = space.url + space.reverse_subpage(route)
    for who in OUTSIDERS:
        response = login(client, outsider(request, who)).get(url)
        assert_refused(response, "Geheim verslag")


def test_document_detail_is_private(request, client, space, space_document, member):
    url = space.url + space.reverse_subpage("document_detail", args=[space_document.pk])
    assert login(client, member).get(url).status_code == 200
    for who in OUTSIDERS:
        assert_refused(login(client, outsider(request, who)).get(url), "Geheim verslag")


def test_a_document_of_another_space_is_not_found_through_this_space(
    client, space, other_space, other_member, space_document
):
    """URL guessing: the other space's members ask their own space for our document."""
    url = other_space.url + other_space.reverse_subpage("document_detail", args=[space_document.pk])
    assert login(client, other_member).get(url).status_code == 404


# --- listings -----------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_index_lists_no_space_to_outsiders(request, client, index_page, space, who):
    response = login(client, outsider(request, who)).get(index_page.url)
    assert response.status_code == 200
    assert "Participatie" not in response.content.decode()


def test_index_lists_own_spaces_for_members_and_all_for_coordinator(
    client, index_page, space, other_space, member, coordinator
):
    response = login(client, member).get(index_page.url)
    assert_private(response)
    html = response.content.decode()
    assert "Participatie" in html
    assert "Drempels" not in html
    html = login(client, coordinator).get(index_page.url).content.decode()
    assert "Participatie" in html and "Drempels" in html


def test_home_panel_shows_own_meetings_only(request, home_page, meeting, member):
    """Everyone logged in first, then asked twice in turn: the second round reads what
    the first kept, and nobody gets another's upcoming meetings."""
    from django.test import Client

    clients = {"member": login(Client(), member)}
    for who in OUTSIDERS:
        clients[who] = login(Client(), outsider(request, who))
    for _round in range(2):
        for name, client in clients.items():
            response = client.get(home_page.url)
            assert (meeting.title in response.content.decode()) == (name == "member"), name
            if name != "anonymous":
                assert_private(response)


def test_sitemap_lists_neither_spaces_nor_meetings(client, index_page, space, meeting):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/nl/werkgroepen/" in xml
    assert "participatie" not in xml
    assert "gezinnendag" not in xml


# --- calendars ----------------------------------------------------------------------


def test_member_gets_the_meeting_ics(client, meeting, member):
    response = login(client, member).get(meeting.url + "ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "Voorbereiding gezinnendag" in response.content.decode()
    assert_private(response)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_do_not_get_the_meeting_ics(request, client, meeting, who):
    response = login(client, outsider(request, who)).get(meeting.url + "ics/")
    assert_refused(response, "Voorbereiding gezinnendag")


def test_personal_feed_holds_own_meetings_only_and_follows_membership(
    client, meeting, other_space, member, other_member
):
    from tests.werkgroepen.factories import MeetingPageFactory

    MeetingPageFactory(parent=other_space, title="Vergadering drempels", slug="drempels-1")
    feed = reverse("werkgroepen:personal_feed", args=[CalendarToken.for_user(member).token])
    body = client.get(feed).content.decode()
    assert "Voorbereiding gezinnendag" in body
    assert "Vergadering drempels" not in body
    other_feed = reverse(
        "werkgroepen:personal_feed", args=[CalendarToken.for_user(other_member).token]
    )
    other_body = client.get(other_feed).content.decode()
    assert "Vergadering drempels" in other_body
    assert "Voorbereiding gezinnendag" not in other_body
    response = client.get(feed)
    assert_private(response)
    member.groups.clear()
    assert "Voorbereiding gezinnendag" not in client.get(feed).content.decode()


def test_personal_feed_dies_with_a_renewed_token_and_refuses_guesses(client, member, meeting):
    token = CalendarToken.for_user(member)
    old = reverse("werkgroepen:personal_feed", args=[token.token])
    token.renew()
    assert client.get(old).status_code == 404
    assert client.get(reverse("werkgroepen:personal_feed", args=["raden"])).status_code == 404
    member.is_active = False
    member.save()
    new = reverse("werkgroepen:personal_feed", args=[token.token])
    assert client.get(new).status_code == 404


# --- admin ----------------------------------------------------------------------------


@pytest.fixture
def other_lead(other_space):
    from tests.portal.factories import UserFactory

    user = UserFactory(username="andere-trekker", groups=["Partner"])
    user.groups.add(other_space.member_group, other_space.lead_group)
    return user


@pytest.fixture
def redacteur_who_may_choose_everything(role_groups):
    """An editor whose group was (wrongly) given 'choose' on the root collection."""
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission

    from access import roles
    from tests.portal.factories import UserFactory

    group = role_groups[roles.REDACTEUR]
    for app_label, codename in (
        ("wagtaildocs", "choose_document"),
        ("wagtailimages", "choose_image"),
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return UserFactory(username="redacteur-test", groups=[roles.REDACTEUR, roles.PARTNER])


def test_document_chooser_shows_space_documents_to_its_lead_only(
    client, space_document, lead, other_lead, redacteur_who_may_choose_everything
):
    url = "/admin/documents/chooser/results/"
    assert "Geheim verslag" in login(client, lead).get(url).content.decode()
    for user in (other_lead, redacteur_who_may_choose_everything):
        response = login(client, user).get(url)
        assert response.status_code == 200
        assert "Geheim verslag" not in response.content.decode()


def test_page_chooser_hides_spaces_from_editors(
    client, index_page, space, meeting, redacteur_who_may_choose_everything
):
    client = login(client, redacteur_who_may_choose_everything)
    response = client.get(f"/admin/choose-page/{index_page.pk}/")
    assert response.status_code == 200
    assert "Participatie" not in response.content.decode()
    response = client.get("/admin/choose-page/search/?q=gezinnendag")
    assert "Voorbereiding gezinnendag" not in response.content.decode()


def test_preview_is_refused_to_the_lead_of_another_space(client, space, lead, other_lead):
    url = reverse("wagtailadmin_pages:view_draft", args=[space.pk])
    assert login(client, lead).get(url).status_code == 200
    response = login(client, other_lead).get(url)
    assert response.status_code in (302, 403)
    assert "gezinnen makkelijker hulp vinden" not in response.content.decode()
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[space.pk])
    response = login(client, other_lead).get(preview)
    assert response.status_code in (302, 403, 404)
