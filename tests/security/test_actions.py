"""Doing what you may not: leads of another group, members acting as leads, editors
outside their role. Each test checks the refusal *and* that nothing changed."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from access import roles
from tests.security.conftest import as_user, assert_no_secret, who
from werkgroepen.models import InputItem, MeetingPage


def refused(response):
    """Wagtail's admin answers a refusal with 403 or a redirect to the dashboard/login."""
    if response.status_code == 302:
        return response["Location"].split("?")[0] in ("/admin/", "/admin/login/") or (
            "login" in response["Location"]
        )
    return response.status_code in (403, 404, 405)


def meeting_state(meeting):
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    return (meeting.title, meeting.path, meeting.live, meeting.has_unpublished_changes)


# --- a lead of group A on group B's pages -----------------------------------------------


def test_lead_of_a_cannot_edit_preview_or_revert_bs_meeting(client, world):
    meeting = world["meeting_b"]
    revision = meeting.save_revision()
    before = meeting_state(meeting)
    client = as_user(client, who(world, "lead_a"))
    edit = {"title": "Overgenomen", "slug": "overgenomen", "action-publish": "publish"}
    for url, data in (
        (f"/admin/pages/{meeting.pk}/edit/", edit),
        (f"/admin/pages/{meeting.pk}/edit/preview/", edit),
        (f"/admin/pages/{meeting.pk}/revisions/{revision.pk}/revert/", {}),
        (f"/admin/pages/{meeting.pk}/lock/", {}),
        (f"/admin/pages/{meeting.pk}/unpublish/", {}),
        (f"/admin/pages/{meeting.pk}/delete/", {}),
    ):
        response = client.post(url, data)
        assert refused(response), (url, response.status_code)
        assert_no_secret(response, "meeting_b")
    assert meeting_state(meeting) == before
    assert not MeetingPage.objects.get(pk=meeting.pk).locked


def test_lead_of_a_cannot_copy_alias_or_move_bs_meeting_into_a(client, world):
    meeting, space_a = world["meeting_b"], world["space_a"]
    before = MeetingPage.objects.count()
    client = as_user(client, who(world, "lead_a"))
    for alias in ("", "on"):
        response = client.post(
            f"/admin/pages/{meeting.pk}/copy/",
            {
                "new_title": "Kopie",
                "new_slug": "kopie",
                "new_parent_page": space_a.pk,
                "publish_copies": "on",
                "alias": alias,
            },
        )
        assert refused(response)
    response = client.post(f"/admin/pages/{meeting.pk}/move/{space_a.pk}/confirm/")
    assert refused(response)
    response = client.post(f"/admin/pages/{meeting.pk}/move/", {"new_parent_page": space_a.pk})
    assert refused(response)
    assert MeetingPage.objects.count() == before
    assert MeetingPage.objects.get(pk=meeting.pk).get_parent().pk == world["space_b"].pk


def test_lead_of_a_cannot_move_or_copy_own_meeting_into_b(client, world):
    """Moving A's meeting into B would show A's minutes to B's members."""
    meeting, space_b = world["meeting_a"], world["space_b"]
    client = as_user(client, who(world, "lead_a"))
    response = client.post(f"/admin/pages/{meeting.pk}/move/{space_b.pk}/confirm/")
    assert refused(response)
    response = client.post(
        f"/admin/pages/{meeting.pk}/copy/",
        {"new_title": "Kopie", "new_slug": "kopie-a", "new_parent_page": space_b.pk},
    )
    assert response.status_code in (200, 302, 403)
    assert not MeetingPage.objects.child_of(space_b).filter(slug="kopie-a").exists()
    assert MeetingPage.objects.get(pk=meeting.pk).get_parent().pk == world["space_a"].pk


def test_lead_of_a_cannot_add_a_meeting_or_translate_in_b(client, world):
    space_b = world["space_b"]
    client = as_user(client, who(world, "lead_a"))
    response = client.get(f"/admin/pages/add/werkgroepen/meetingpage/{space_b.pk}/")
    assert refused(response)
    fr = world["french"].locale
    response = client.post(f"/admin/localize/submit/page/{space_b.pk}/", {"locales": [fr.pk]})
    assert refused(response)
    assert not Page.objects.filter(translation_key=space_b.translation_key, locale=fr).exists()


@pytest.mark.parametrize("name", ["redacteur", "vertaler"])
def test_editors_cannot_translate_a_space_they_do_not_belong_to(client, world, name):
    space_b, fr = world["space_b"], world["french"].locale
    client = as_user(client, who(world, name))
    response = client.get(f"/admin/localize/submit/page/{space_b.pk}/")
    assert refused(response)
    assert "Drempels" not in response.content.decode()
    response = client.post(
        f"/admin/localize/submit/page/{space_b.pk}/",
        {"locales": [fr.pk], "include_subtree": "on"},
    )
    assert refused(response)
    assert not Page.objects.filter(translation_key=space_b.translation_key, locale=fr).exists()


def test_lead_of_a_cannot_manage_bs_members_or_input(client, world):
    space_b = world["space_b"]
    lead_a = who(world, "lead_a")
    client = as_user(client, lead_a)
    members = space_b.url + space_b.reverse_subpage("members")
    response = client.post(members, {"action": "add", "identifier": "trekker-a", "as_lead": "on"})
    assert response.status_code == 403
    response = client.post(
        members, {"action": "remove", "user": who(world, "lead_b").pk}, follow=False
    )
    assert response.status_code == 403
    assert not lead_a.groups.filter(pk__in=[space_b.member_group_id, space_b.lead_group_id])
    assert who(world, "lead_b").groups.filter(pk=space_b.lead_group_id).exists()
    response = client.post(
        space_b.url + space_b.reverse_subpage("input_add"),
        {"received_on": "2026-01-05", "text": "Ingebroken", "status": "received"},
    )
    assert response.status_code == 403
    assert not InputItem.objects.filter(text="Ingebroken").exists()


# --- a member acting as a lead ----------------------------------------------------------


def test_member_cannot_add_themselves_as_lead_or_remove_the_lead(client, world):
    space = world["space_a"]
    member = who(world, "member_a")
    client = as_user(client, member)
    members = space.url + space.reverse_subpage("members")
    for data in (
        {"action": "add", "identifier": member.username, "as_lead": "on"},
        {"action": "make_lead", "user": member.pk},
        {"action": "remove", "user": who(world, "lead_a").pk},
    ):
        assert client.post(members, data).status_code == 403
    assert not member.groups.filter(pk=space.lead_group_id).exists()
    assert who(world, "lead_a").groups.filter(pk=space.lead_group_id).exists()


def test_member_cannot_use_the_leads_views(client, world):
    space = world["space_a"]
    client = as_user(client, who(world, "member_a"))
    for route in ("document_trash", "input_add"):
        response = client.get(space.url + space.reverse_subpage(route))
        assert response.status_code == 403
    response = client.post(
        space.url + space.reverse_subpage("input_add"),
        {"received_on": "2026-01-05", "text": "Door een lid", "status": "received"},
    )
    assert response.status_code == 403
    assert not InputItem.objects.filter(text="Door een lid").exists()


def test_member_cannot_trash_rename_or_restore_the_leads_document(client, world):
    space, document = world["space_a"], world["doc_a"]
    client = as_user(client, who(world, "member_a"))
    url = space.url + space.reverse_subpage("document_detail", args=[document.pk])
    for data in (
        {"action": "trash"},
        {"action": "edit", "title": "Hernoemd", "description": "", "tags": ""},
        {"action": "restore"},
        {"action": "onbekend"},
    ):
        client.post(url, data)
    document.refresh_from_db()
    assert document.trashed_at is None
    assert document.title.startswith("Verslag")


def test_members_and_partners_have_no_admin(client, world):
    for name in ("member_a", "partner", "outsider"):
        response = as_user(client, who(world, name)).get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        response = client.get(f"/admin/pages/{world['meeting_a'].pk}/edit/")
        assert response.status_code == 302
        assert_no_secret(response, "meeting_a")


# --- editors outside their role ---------------------------------------------------------

ADMIN_ONLY = [
    "/admin/users/",
    "/admin/users/new/",
    "/admin/groups/",
    "/admin/groups/new/",
    "/admin/sites/",
    "/admin/locales/",
    "/admin/collections/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/redirects/",
    "/admin/reports/page-types-usage/",
]


@pytest.mark.parametrize("name", ["redacteur", "vertaler", "lead_a"])
def test_editors_and_leads_cannot_open_the_coordinators_admin_views(client, world, name):
    client = as_user(client, who(world, name))
    for url in ADMIN_ONLY:
        response = client.get(url)
        assert refused(response), (url, response.status_code)


@pytest.mark.parametrize("name", ["redacteur", "vertaler", "lead_a"])
def test_editors_cannot_make_themselves_coordinator(client, world, name):
    user = who(world, name)
    coordinators = Group.objects.get(name=roles.COORDINATOR)
    client = as_user(client, user)
    response = client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "username": user.username,
            "email": user.email,
            "groups": [coordinators.pk],
            "is_superuser": "on",
        },
    )
    assert refused(response)
    response = client.post(
        f"/admin/groups/edit/{coordinators.pk}/",
        {"name": roles.COORDINATOR},
    )
    assert refused(response)
    assert not user.groups.filter(pk=coordinators.pk).exists()
    user.refresh_from_db()
    assert not user.is_superuser


def test_translator_cannot_change_a_dutch_kennisbank_page(client, world):
    page = world["public"]
    client = as_user(client, who(world, "vertaler"))
    before = Page.objects.get(pk=page.pk).title
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "Door de vertaler", "slug": page.slug, "action-publish": "publish"},
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == before
    assert not page.has_unpublished_changes
    for url in (f"/admin/pages/{page.pk}/delete/", f"/admin/pages/{page.pk}/unpublish/"):
        client.post(url)
    page.refresh_from_db()
    assert page.live


def test_translator_still_translates_the_page(client, world, django_capture_on_commit_callbacks):
    page, fr = world["public"], world["french"].locale
    client = as_user(client, who(world, "vertaler"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [fr.pk]})
    assert response.status_code == 302
    assert Page.objects.filter(translation_key=page.translation_key, locale=fr).exists()
