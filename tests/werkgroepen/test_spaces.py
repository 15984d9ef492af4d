"""The life of a space: creation, renaming, unpublishing, moving, copying, translating,
deleting — and its restrictions stay what they must be through all of it."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    PageViewRestriction,
)

from access import privacy, roles
from tests.werkgroepen.factories import MeetingPageFactory, WorkingGroupPageFactory
from werkgroepen import spaces
from werkgroepen.models import WorkingGroupPage


def restriction_groups(restrictions):
    assert restrictions.count() == 1
    restriction = restrictions.get()
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    return set(restriction.groups.values_list("name", flat=True))


EXPECTED = {"Werkgroep Participatie", "Werkgroep Participatie — trekkers", roles.COORDINATOR}


def test_creating_a_space_creates_groups_restriction_permissions_and_collection(space):
    assert space.member_group.name == "Werkgroep Participatie"
    assert space.lead_group.name == "Werkgroep Participatie — trekkers"
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == EXPECTED
    assert space.collection.name == "Werkgroep Participatie"
    assert space.collection.get_parent().name == spaces.SPACES_COLLECTION
    assert (
        restriction_groups(CollectionViewRestriction.objects.filter(collection=space.collection))
        == EXPECTED
    )
    page_perms = set(
        GroupPagePermission.objects.filter(group=space.lead_group, page=space).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {"add_page", "change_page", "publish_page"}
    collection_perms = set(
        GroupCollectionPermission.objects.filter(
            group=space.lead_group, collection=space.collection
        ).values_list("permission__codename", flat=True)
    )
    # Wagtail checks collection permissions on its base Document model.
    assert collection_perms == {"add_document", "change_document", "choose_document"}
    assert space.lead_group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=space.member_group).exists()


def test_space_creation_is_one_transaction(index_page, monkeypatch):
    def broken(page):
        raise RuntimeError("sync failed")

    monkeypatch.setattr(spaces, "sync", broken)
    groups_before = Group.objects.count()
    collections_before = Collection.objects.count()
    with pytest.raises(RuntimeError):
        WorkingGroupPageFactory(parent=index_page, title="Halfweg")
    assert Group.objects.count() == groups_before
    assert Collection.objects.count() == collections_before
    assert not WorkingGroupPage.objects.filter(title="Halfweg").exists()


def test_a_space_is_never_public_whatever_its_audience_field_says(space):
    space.audience = "partners"
    space.save()
    space.refresh_from_db()
    assert space.audience == "public"
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == EXPECTED


def test_renaming_renames_groups_and_collection(space):
    space.title = "Inspraak"
    space.save_revision().publish()
    space.refresh_from_db()
    assert space.member_group.name == "Werkgroep Inspraak"
    assert space.lead_group.name == "Werkgroep Inspraak — trekkers"
    assert space.collection.name == "Werkgroep Inspraak"
    assert not Group.objects.filter(name="Werkgroep Participatie").exists()


def test_a_new_space_with_a_taken_name_gets_unique_group_names(space, index_page):
    twin = WorkingGroupPage(title="Participatie", slug="participatie-2")
    index_page.add_child(instance=twin)
    assert twin.member_group.name == "Werkgroep Participatie (2)"
    assert twin.lead_group.name == "Werkgroep Participatie (2) — trekkers"
    assert twin.member_group_id != space.member_group_id


def test_renaming_to_the_name_of_another_space_is_refused(space, other_space):
    other_space.title = "Participatie"
    with pytest.raises(ValidationError):
        other_space.clean()
    space.title = "Participatie"  # its own name is fine
    space.clean()


def test_unpublished_space_stays_restricted_and_leaves_the_index(space, member, client):
    space.unpublish()
    assert PageViewRestriction.objects.filter(page=space).exists()
    client.force_login(member)
    html = client.get("/nl/werkgroepen/").content.decode()
    assert "Participatie" not in html


def test_moving_a_meeting_to_another_space_changes_who_sees_it(
    space, other_space, member, other_member
):
    meeting = MeetingPageFactory(parent=space, title="Verhuisd", slug="verhuisd")
    assert privacy.can_view_page(member, meeting)
    assert not privacy.can_view_page(other_member, meeting)
    meeting.move(other_space, pos="last-child")
    meeting.refresh_from_db()
    assert not privacy.can_view_page(member, meeting)
    assert privacy.can_view_page(other_member, meeting)


def test_copying_a_space_makes_a_new_private_space_with_its_own_groups(
    space, member, django_capture_on_commit_callbacks
):
    MeetingPageFactory(parent=space, slug="eerste")
    with django_capture_on_commit_callbacks(execute=True):
        copy = space.copy(
            recursive=True,
            update_attrs={"title": "Participatie kopie", "slug": "participatie-kopie"},
        ).specific
    copy.refresh_from_db()
    assert copy.member_group_id not in (None, space.member_group_id)
    assert copy.collection_id != space.collection_id
    assert restriction_groups(PageViewRestriction.objects.filter(page=copy)) == {
        "Werkgroep Participatie kopie",
        "Werkgroep Participatie kopie — trekkers",
        roles.COORDINATOR,
    }
    assert not privacy.can_view_page(member, copy)
    assert not privacy.can_view_page(member, copy.get_children().first())
    # The original is untouched.
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == EXPECTED


def test_a_translation_shares_the_groups_and_is_restricted_too(space, member, partner):
    french = space.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.title = "Participation"
    french.save_revision().publish()
    french.refresh_from_db()
    assert french.member_group_id == space.member_group_id
    assert french.collection_id == space.collection_id
    assert restriction_groups(PageViewRestriction.objects.filter(page=french)) == EXPECTED
    assert privacy.can_view_page(member, french)
    assert not privacy.can_view_page(partner, french)
    # A translated title never renames the groups.
    space.member_group.refresh_from_db()
    assert space.member_group.name == "Werkgroep Participatie"


def test_deleting_a_space_archives_its_documents_for_the_coordinator_only(
    space, space_document, member, coordinator
):
    member_group_id = space.member_group_id
    collection_id = space.collection_id
    space.delete()
    space_document.refresh_from_db()
    collection = Collection.objects.get(pk=collection_id)
    assert space_document.collection_id == collection_id
    assert collection.get_parent().name == spaces.ARCHIVE_COLLECTION
    assert "gearchiveerd" in collection.name
    assert not Group.objects.filter(pk=member_group_id).exists()
    assert set(
        collection.get_view_restrictions()
        .filter(collection=collection)
        .get()
        .groups.values_list("name", flat=True)
    ) == {roles.COORDINATOR}
    member.refresh_from_db()
    assert not privacy.can_view_document(member, space_document)
    assert privacy.can_view_document(coordinator, space_document)


def test_deleting_the_whole_section_keeps_the_documents_too(
    space, space_document, index_page, coordinator
):
    index_page.delete()
    space_document.refresh_from_db()
    assert space_document.collection.get_parent().name == spaces.ARCHIVE_COLLECTION
    assert privacy.can_view_document(coordinator, space_document)


def test_privacy_dialog_cannot_make_a_space_public(
    space, lead, client, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{space.pk}/privacy/", {"restriction_type": "none"})
    assert response.status_code in (200, 302, 403)
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == EXPECTED


def test_restriction_edited_in_code_is_put_back(space, django_capture_on_commit_callbacks):
    restriction = PageViewRestriction.objects.get(page=space)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = PageViewRestriction.LOGIN
        restriction.save()
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == EXPECTED
    collection_restriction = CollectionViewRestriction.objects.get(collection=space.collection)
    with django_capture_on_commit_callbacks(execute=True):
        collection_restriction.groups.remove(space.member_group)
    assert (
        restriction_groups(CollectionViewRestriction.objects.filter(collection=space.collection))
        == EXPECTED
    )


def test_membership_changes_apply_to_the_next_request(space, member, client):
    client.force_login(member)
    assert client.get(space.url).status_code == 200
    member.groups.remove(space.member_group)
    assert client.get(space.url).status_code != 200
    member.groups.add(space.lead_group)
    assert client.get(space.url).status_code == 200


def test_coordinator_creates_a_space_in_the_admin(client, index_page, coordinator):
    from tests.werkgroepen.conftest import login

    client = login(client, coordinator)
    url = f"/admin/pages/add/werkgroepen/workinggrouppage/{index_page.pk}/"
    form = client.get(url).content.decode()
    assert 'name="audience"' not in form  # a space is always private
    response = client.post(
        url,
        {
            "title": "Wonen",
            "slug": "wonen",
            "purpose": '{"blocks": [], "entityMap": {}}',
            "easy_read-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    space = WorkingGroupPage.objects.get(slug="wonen")
    assert space.live
    assert space.member_group.name == "Werkgroep Wonen"
    assert restriction_groups(PageViewRestriction.objects.filter(page=space)) == {
        "Werkgroep Wonen",
        "Werkgroep Wonen — trekkers",
        roles.COORDINATOR,
    }
