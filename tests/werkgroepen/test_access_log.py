"""The access log: who opened, downloaded or changed what in a space (Wagtail's own log
entries with the portal's actions), read by coordinators only, pruned after a while."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from access import roles
from demo.samplefiles import make_pdf
from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import InputItemFactory
from werkgroepen import accesslog, documents, invitations
from werkgroepen.models import InputItem, Invitation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SECRET_TEXT = "speelpleinwerking"


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def logged(action=None):
    entries = accesslog.entries()
    return list(entries.filter(action=action) if action else entries)


def dump():
    """Everything the log holds, as one string."""
    rows = ModelLogEntry.objects.values_list("label", "data", "action")
    return json.dumps([list(row) for row in rows], default=str, ensure_ascii=False)


def assert_entry(entry, *, user, action, space, item_id):
    assert entry.action == action
    assert entry.user_id == (user.pk if user else None)
    assert entry.data["space_id"] == space.pk
    assert entry.data["space_title"] == space.title
    assert entry.data["item_id"] == item_id


@pytest.fixture
def editor(role_groups):
    return UserFactory(username="redacteur-test", groups=[roles.REDACTEUR])


@pytest.fixture
def plain_coordinator(role_groups):
    """A coordinator by role, not a superuser."""
    return UserFactory(username="coord-rol", groups=[roles.COORDINATOR])


@pytest.fixture
def photo_item(client, space, lead):
    """Input with a photo, sent through an invitation link; returns (item, token)."""
    invitation = invitations.create(
        space, purpose=Invitation.Purpose.INPUT, name="Samira", created_by=lead
    )
    token = invitations.token_for(invitation)
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    client.post(
        reverse("werkgroepen:invitation", args=[token]),
        {"text": "Mijn verhaal over de schuldbemiddeling", "attachment": photo},
    )
    client.logout()
    return InputItem.objects.get(), token


# --- what is logged -----------------------------------------------------------------


def test_the_portals_actions_are_registered_with_dutch_labels():
    choices = dict(log_registry.get_choices())
    assert choices[accesslog.DOCUMENT_DOWNLOADED] == "Document gedownload"
    assert choices[accesslog.MEMBER_LIST_OPENED] == "Ledenlijst geopend"
    assert set(accesslog.ACTIONS) <= set(choices)


def test_a_download_through_wagtail_is_logged_once(client, space, space_document, member):
    response = login(client, member).get(space_document.url)
    assert response.status_code == 200
    body(response)
    [entry] = logged()
    assert_entry(
        entry,
        user=member,
        action=accesslog.DOCUMENT_DOWNLOADED,
        space=space,
        item_id=space_document.pk,
    )
    assert entry.object_id == str(space_document.pk)
    assert entry.label == "Geheim verslag"


def test_reading_in_the_browser_is_logged_once_as_opened(client, space, space_document, member):
    login(client, member)
    assert client.get(url(space, "document_reader", space_document.pk)).status_code == 200
    assert logged() == []  # the viewer page shows only the title
    response = client.get(url(space, "document_pdf", space_document.pk))
    assert response.status_code == 200
    body(response)
    [entry] = logged()
    assert_entry(
        entry, user=member, action=accesslog.DOCUMENT_OPENED, space=space, item_id=space_document.pk
    )


def test_an_earlier_version_download_is_logged_with_its_number(
    client, space, space_document, member, pdf_upload
):
    documents.add_version(space_document, pdf_upload("v2.pdf"), member)
    response = login(client, member).get(url(space, "document_version", space_document.pk, 1))
    assert response.status_code == 200
    [entry] = logged()
    assert entry.action == accesslog.DOCUMENT_DOWNLOADED
    assert entry.data["version"] == 1


def test_upload_new_version_trash_and_restore_are_logged(
    client, space, member, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(client, member).post(
            url(space, "document_upload"),
            {"files": [SimpleUploadedFile("plan.pdf", make_pdf("Plan", [SECRET_TEXT]))]},
        )
    document = documents.document_model().objects.get(collection=space.collection)
    detail = url(space, "document_detail", document.pk)
    new_file = SimpleUploadedFile("plan2.pdf", make_pdf("Plan", ["Nieuwe versie."]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "version", "file": new_file})
    client.post(detail, {"action": "trash"})
    login(client, lead).post(detail, {"action": "restore"})

    entries = list(reversed(logged()))
    assert [(e.action, e.user_id) for e in entries] == [
        (accesslog.DOCUMENT_UPLOADED, member.pk),
        (accesslog.DOCUMENT_UPLOADED, member.pk),
        (accesslog.DOCUMENT_TRASHED, member.pk),
        (accesslog.DOCUMENT_RESTORED, lead.pk),
    ]
    assert "version" not in entries[0].data
    assert entries[1].data["version"] == 2
    for entry in entries:
        assert_entry(entry, user=entry.user, action=entry.action, space=space, item_id=document.pk)
    assert SECRET_TEXT not in dump()


def test_opening_the_member_list_and_the_input_tracker_is_logged(client, space, member):
    login(client, member)
    assert client.get(url(space, "members")).status_code == 200
    assert client.get(url(space, "inputs")).status_code == 200
    inputs, members = logged()
    assert_entry(
        members, user=member, action=accesslog.MEMBER_LIST_OPENED, space=space, item_id=None
    )
    assert_entry(inputs, user=member, action=accesslog.INPUT_LIST_OPENED, space=space, item_id=None)
    # About the space's member group, never the space's page (leads read its history).
    assert members.content_type.model == "group"
    assert members.object_id == str(space.member_group_id)


def test_every_membership_change_is_logged(client, space, lead, partner):
    login(client, lead)
    members = url(space, "members")
    client.post(members, {"identifier": partner.username, "as_lead": "on"})
    client.post(members, {"action": "unmake_lead", "user": partner.pk})
    client.post(members, {"action": "make_lead", "user": partner.pk})
    client.post(members, {"action": "remove", "user": partner.pk})
    changes = [e for e in reversed(logged()) if e.action != accesslog.MEMBER_LIST_OPENED]
    assert [e.action for e in changes] == [
        accesslog.MEMBER_ADDED,
        accesslog.LEAD_ADDED,
        accesslog.LEAD_REMOVED,
        accesslog.LEAD_ADDED,
        accesslog.MEMBER_REMOVED,
    ]
    for entry in changes:
        assert_entry(entry, user=lead, action=entry.action, space=space, item_id=partner.pk)
        assert entry.object_id == str(partner.pk)


def test_a_refused_change_of_membership_is_not_logged(client, space, member, lead):
    login(client, member).post(url(space, "members"), {"action": "remove", "user": lead.pk})
    assert logged() == []
    assert lead.groups.filter(pk=space.member_group_id).exists()


def test_an_input_attachment_is_logged_without_its_text_or_the_link(
    client, space, member, photo_item
):
    item, token = photo_item
    response = login(client, member).get(url(space, "input_attachment", item.pk))
    assert body(response) == PNG
    [entry] = logged()
    assert_entry(
        entry, user=member, action=accesslog.INPUT_ATTACHMENT_OPENED, space=space, item_id=item.pk
    )
    assert entry.label == f"Inbreng {item.pk}"
    everything = dump()
    assert "schuldbemiddeling" not in everything
    assert token not in everything
    assert "/meedoen/" not in everything
    assert "Samira" not in everything


# --- refused requests ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["partner", "other_member", "anonymous"])
def test_a_refused_request_is_not_logged(request, client, space, space_document, name):
    """Our choice: a refusal (403, 404, the login page) reads nothing and is not logged."""
    user = None if name == "anonymous" else request.getfixturevalue(name)
    item = InputItemFactory(space=space, attachment="inbreng/x.png")
    login(client, user)
    for address in (
        space_document.url,
        url(space, "document_pdf", space_document.pk),
        url(space, "document_version", space_document.pk, 1),
        url(space, "members"),
        url(space, "inputs"),
        url(space, "input_attachment", item.pk),
    ):
        assert client.get(address).status_code in (302, 403, 404), address
    assert logged() == []


def test_a_trashed_document_refused_to_a_member_is_not_logged(
    client, space, space_document, member, lead
):
    documents.trash(space_document, lead)
    login(client, member)
    assert client.get(space_document.url).status_code == 404
    assert client.get(url(space, "document_pdf", space_document.pk)).status_code == 404
    assert logged() == []


def test_another_spaces_document_id_is_not_logged(client, space, other_space, other_member):
    other = documents.create_document(
        other_space,
        SimpleUploadedFile("x.pdf", make_pdf("X", ["tekst"])),
        other_member,
    )
    member = UserFactory(username="lid-2")
    member.groups.add(space.member_group)
    login(client, member)
    assert client.get(url(space, "document_pdf", other.pk)).status_code == 404
    assert client.get(url(space, "document_version", other.pk, 1)).status_code == 404
    assert logged() == []


# --- who reads the log --------------------------------------------------------------


@pytest.fixture
def some_entries(client, space, space_document, member, lead):
    login(client, member)
    body(client.get(space_document.url))
    client.get(url(space, "members"))
    login(client, lead).post(url(space, "members"), {"action": "make_lead", "user": member.pk})
    client.logout()
    return logged()


def site_history(client, user):
    login(client, user)
    return client.get(reverse("wagtailadmin_reports:site_history"))


def test_the_coordinator_reads_the_entries_in_the_site_history(
    client, some_entries, plain_coordinator
):
    response = site_history(client, plain_coordinator)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geheim verslag" in html
    assert "Document gedownload (werkgroep Participatie)" in html
    assert "Ledenlijst geopend" in html  # also in the action filter


@pytest.mark.parametrize("name", ["lead", "editor", "member"])
def test_leads_editors_and_members_see_none_of_the_entries_in_the_admin(
    request, client, some_entries, space, name
):
    user = request.getfixturevalue(name)
    response = site_history(client, user)
    html = response.content.decode() if response.status_code == 200 else ""
    # Leads and editors may open the site history: it must hold none of these entries.
    assert response.status_code == 200 if name != "member" else response.status_code in (200, 302)
    for label in accesslog.LABELS.values():
        assert str(label) not in html
    assert "Geheim verslag" not in html
    # Page history of the space: the lead may read it, and no entry is about the page.
    if name == "lead":
        history = client.get(reverse("wagtailadmin_pages:history", args=[space.pk]))
        assert history.status_code == 200
        assert "Ledenlijst geopend" not in history.content.decode()


def report(client, who, results_only=False, **query):
    login(client, who)
    name = "werkgroepen_access_log_results" if results_only else "werkgroepen_access_log"
    return client.get(reverse(name), query)


def results(client, who, **query):
    """The report's table only (the filter form names every action)."""
    response = report(client, who, results_only=True, **query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["lead", "editor", "member"])
def test_only_coordinators_open_the_report(request, client, some_entries, name):
    user = request.getfixturevalue(name)
    response = report(client, user)
    # Wagtail answers a PermissionDenied in the admin with a redirect to its start page.
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    assert "Geheim verslag" not in response.content.decode()
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("werkgroepen_access_log") not in home.content.decode()


def test_the_coordinator_filters_the_report_by_space_person_and_action(
    client, some_entries, plain_coordinator, space, other_space, other_member, member, lead
):
    accesslog.member_list_opened(other_member, other_space)
    response = report(client, plain_coordinator)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geheim verslag" in html and "Drempels" in html
    assert (
        reverse("werkgroepen_access_log")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )

    by_space = results(client, plain_coordinator, space=other_space.pk)
    assert "Ledenlijst geopend" in by_space and "Drempels" in by_space
    assert "Geheim verslag" not in by_space and "Participatie" not in by_space

    by_person = results(client, plain_coordinator, user=lead.pk)
    assert "Trekker gemaakt" in by_person and "Document gedownload" not in by_person

    by_action = results(client, plain_coordinator, action=accesslog.DOCUMENT_DOWNLOADED)
    assert "Geheim verslag" in by_action and "Trekker gemaakt" not in by_action

    bad = report(client, plain_coordinator, space="x\x00", user="abc")
    assert bad.status_code == 200


# --- entries about a person's own items ----------------------------------------------


def test_entries_about_a_user_are_those_about_their_items(
    client, space, member, lead, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = documents.create_document(
            space, SimpleUploadedFile("m.pdf", make_pdf("M", ["x"])), member, title="Van Nadia"
        )
        theirs = documents.create_document(
            space, SimpleUploadedFile("l.pdf", make_pdf("L", ["y"])), lead, title="Van Koen"
        )
    item = InputItemFactory(space=space, created_by=member)
    accesslog.document_downloaded(lead, space, mine)
    accesslog.document_downloaded(member, space, theirs)
    accesslog.input_attachment_opened(lead, space, item)
    accesslog.membership_changed(lead, space, member, "make_lead")
    accesslog.member_list_opened(lead, space)
    # An entry of Wagtail's own (not the access log) about the same document.
    log(instance=mine, action="wagtail.edit", user=lead)

    about_member = list(accesslog.entries_about(member))
    assert {(e.action, e.object_id) for e in about_member} == {
        (accesslog.DOCUMENT_DOWNLOADED, str(mine.pk)),
        (accesslog.INPUT_ATTACHMENT_OPENED, str(item.pk)),
        (accesslog.LEAD_ADDED, str(member.pk)),
    }
    about_lead = list(accesslog.entries_about(lead))
    assert [(e.action, e.object_id) for e in about_lead] == [
        (accesslog.DOCUMENT_DOWNLOADED, str(theirs.pk))
    ]
    assert list(accesslog.entries_about(other_member)) == []


# --- pruning ------------------------------------------------------------------------


def test_prune_removes_old_entries_and_dry_run_only_counts(space, member, settings):
    settings.PORTAL_ACCESS_LOG_DAYS = 30
    old = accesslog.member_list_opened(member, space)
    accesslog.input_list_opened(member, space)
    recent = accesslog.member_list_opened(member, space)
    wagtails_own = log(instance=member, action="wagtail.edit", user=member)
    past = timezone.now() - datetime.timedelta(days=31)
    ModelLogEntry.objects.filter(pk__in=[old.pk, wagtails_own.pk]).update(timestamp=past)
    ModelLogEntry.objects.filter(action=accesslog.INPUT_LIST_OPENED).update(timestamp=past)

    out = io.StringIO()
    call_command("prune_access_log", "--dry-run", stdout=out)
    assert "werkgroepen.member_list_opened: 1" in out.getvalue()
    assert "werkgroepen.input_list_opened: 1" in out.getvalue()
    assert "2 access log entry(ies) older than 30 days would be removed." in out.getvalue()
    assert len(logged()) == 3

    out = io.StringIO()
    call_command("prune_access_log", stdout=out)
    assert "2 access log entry(ies) older than 30 days removed." in out.getvalue()
    assert [e.pk for e in logged()] == [recent.pk]
    assert ModelLogEntry.objects.filter(pk=wagtails_own.pk).exists()


def test_prune_refuses_a_bad_setting(settings):
    settings.PORTAL_ACCESS_LOG_DAYS = 0
    with pytest.raises(CommandError, match="PORTAL_ACCESS_LOG_DAYS"):
        call_command("prune_access_log", "--dry-run", stdout=io.StringIO())
