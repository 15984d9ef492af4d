"""Leads manage the members from the space; members cannot; changes count at once."""

import pytest

from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login


@pytest.fixture
def newcomer(role_groups):
    user = UserFactory(username="nieuwkomer", email="Nieuw@Example.org", groups=["Partner"])
    return user


def members_url(space):
    return space.url + space.reverse_subpage("members")


def test_lead_adds_an_existing_account_by_email_and_it_sees_the_space_at_once(
    client, space, lead, newcomer
):
    response = login(client, lead).post(
        members_url(space), {"action": "add", "identifier": "nieuw@example.org"}
    )
    assert response.status_code == 302
    assert newcomer.groups.filter(pk=space.member_group_id).exists()
    assert not newcomer.groups.filter(pk=space.lead_group_id).exists()
    assert login(client, newcomer).get(space.url).status_code == 200


def test_lead_can_add_someone_as_lead_by_username(client, space, lead, newcomer):
    login(client, lead).post(
        members_url(space), {"action": "add", "identifier": "NIEUWKOMER", "as_lead": "on"}
    )
    assert newcomer.groups.filter(pk=space.lead_group_id).exists()


def test_unknown_account_gets_a_message_next_to_the_field(client, space, lead):
    response = login(client, lead).post(
        members_url(space), {"action": "add", "identifier": "bestaat-niet"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field__error"' in html
    assert "Geen (eenduidig) account gevonden" in html


def test_lead_makes_a_member_lead_and_back(client, space, lead, member):
    client = login(client, lead)
    client.post(members_url(space), {"action": "make_lead", "user": member.pk})
    assert member.groups.filter(pk=space.lead_group_id).exists()
    client.post(members_url(space), {"action": "unmake_lead", "user": member.pk})
    assert not member.groups.filter(pk=space.lead_group_id).exists()
    assert member.groups.filter(pk=space.member_group_id).exists()


def test_removed_member_loses_access_on_the_next_request(client, space, lead, member):
    login(client, lead).post(members_url(space), {"action": "remove", "user": member.pk})
    assert not member.groups.filter(pk__in=[space.member_group_id, space.lead_group_id]).exists()
    assert login(client, member).get(space.url).status_code == 403


def test_the_last_lead_cannot_step_down_but_the_coordinator_can_change_it(
    client, space, lead, coordinator
):
    response = login(client, lead).post(
        members_url(space), {"action": "unmake_lead", "user": lead.pk}, follow=True
    )
    assert "minstens één trekker" in response.content.decode()
    assert lead.groups.filter(pk=space.lead_group_id).exists()
    login(client, coordinator).post(members_url(space), {"action": "remove", "user": lead.pk})
    assert not lead.groups.filter(pk=space.lead_group_id).exists()


def test_members_see_the_list_but_cannot_change_it(client, space, member, lead, newcomer):
    client = login(client, member)
    html = client.get(members_url(space)).content.decode()
    assert lead.get_full_name() in html
    assert "Lid toevoegen" not in html
    response = client.post(members_url(space), {"action": "add", "identifier": "nieuwkomer"})
    assert response.status_code == 403
    response = client.post(members_url(space), {"action": "remove", "user": lead.pk})
    assert response.status_code == 403
    assert not newcomer.groups.filter(pk=space.member_group_id).exists()
    assert lead.groups.filter(pk=space.lead_group_id).exists()


def test_someone_outside_the_space_cannot_be_changed_through_it(
    client, space, lead, other_member, other_space
):
    response = login(client, lead).post(
        members_url(space), {"action": "remove", "user": other_member.pk}, follow=True
    )
    assert "geen lid" in response.content.decode()
    assert other_member.groups.filter(pk=other_space.member_group_id).exists()


@pytest.mark.parametrize("value", ["", "abc", "99999999"])
def test_bad_member_ids_are_a_message_not_an_error(client, space, lead, value):
    response = login(client, lead).post(
        members_url(space), {"action": "remove", "user": value}, follow=True
    )
    assert response.status_code == 200


def test_coordinator_manages_any_space_without_being_a_member(client, space, coordinator, newcomer):
    client = login(client, coordinator)
    assert client.get(members_url(space)).status_code == 200
    client.post(members_url(space), {"action": "add", "identifier": "nieuwkomer"})
    assert newcomer.groups.filter(pk=space.member_group_id).exists()


def test_leads_are_marked_on_the_overview_and_the_members_page(client, space, lead, member):
    client.force_login(lead)
    for url in (space.url, members_url(space)):
        html = client.get(url).content.decode()
        assert 'Koen Janssens <span class="tag">trekker' in html, url
        assert "Nadia Peeters" in html, url
        assert 'Nadia Peeters <span class="tag">trekker' not in html, url
