"""Meetings: the page, the space's overview, the admin form, calendars."""

from datetime import UTC

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Page

from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import MeetingPageFactory
from werkgroepen import documents, ical
from werkgroepen.models import MeetingDocument, MeetingPage

EMPTY_INLINES = {
    "meeting_documents-TOTAL_FORMS": "0",
    "meeting_documents-INITIAL_FORMS": "0",
    "meeting_documents-MIN_NUM_FORMS": "0",
    "meeting_documents-MAX_NUM_FORMS": "1000",
    "decisions-count": "0",
    "easy_read-count": "0",
}


def test_meeting_page_shows_time_place_agenda_decisions_documents_and_attendees(
    client, space, member, lead, space_document, other_space
):
    from demo.samplefiles import make_pdf

    foreign = documents.create_document(
        other_space,
        SimpleUploadedFile("ander.pdf", make_pdf("A", ["x"])),
        lead,
        title="Document van een andere werkgroep",
    )
    meeting = MeetingPageFactory(
        parent=space,
        title="Overleg met de scholen",
        slug="scholen",
        online_link="https://meet.example.org/werkgroep",
        minutes="<p>We spraken met twee directies.</p>",
        decisions=[("decision", {"decision": "We maken een folder.", "owner": "Koen"})],
    )
    meeting.attendees.add(member)
    meeting.other_attendees = "twee ouders uit de buurtgroep"
    MeetingDocument.objects.create(page=meeting, document=space_document)
    MeetingDocument.objects.create(page=meeting, document=foreign)
    meeting.save_revision().publish()
    html = login(client, member).get(meeting.url).content.decode()
    for text in (
        "Buurthuis De Brug",
        "https://meet.example.org/werkgroep",
        "Voorbereiding van de gezinnendag",
        "We spraken met twee directies",
        "We maken een folder.",
        "Koen",
        member.get_full_name(),
        "twee ouders uit de buurtgroep",
        "Geheim verslag",
    ):
        assert text in html, text
    # A document of another space is never listed, even when attached by mistake.
    assert "Document van een andere werkgroep" not in html


def test_space_shows_upcoming_and_past_meetings(client, space, member):
    MeetingPageFactory(
        parent=space,
        title="Vorige keer",
        slug="vorige",
        start=timezone.now() - timezone.timedelta(days=20),
    )
    MeetingPageFactory(parent=space, title="Straks", slug="straks")
    html = login(client, member).get(space.url).content.decode()
    upcoming = html.split("Volgende vergaderingen")[1].split("Vorige vergaderingen")[0]
    assert "Straks" in upcoming and "Vorige keer" not in upcoming
    assert "Vorige keer" in html.split("Vorige vergaderingen")[1]


def test_meeting_form_offers_only_the_space_members_as_attendees(space, member, lead, partner):
    form_class = MeetingPage.get_edit_handler().get_form_class()
    form = form_class(parent_page=space, for_user=lead)
    offered = set(form.fields["attendees"].queryset)
    assert offered == {member, lead}
    assert partner not in offered


def test_meeting_form_refuses_an_end_before_the_start(space, lead):
    form_class = MeetingPage.get_edit_handler().get_form_class()
    start = timezone.now() + timezone.timedelta(days=2)
    form = form_class(
        data={
            "title": "Verkeerd",
            "slug": "verkeerd",
            "start": start,
            "end": start - timezone.timedelta(hours=1),
            **EMPTY_INLINES,
        },
        parent_page=space,
        for_user=lead,
    )
    form.is_valid()
    assert "end" in form.errors


def test_lead_creates_a_meeting_in_the_admin_under_their_space_only(
    client, space, other_space, lead
):
    client = login(client, lead)
    url = f"/admin/pages/add/werkgroepen/meetingpage/{space.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Nieuwe vergadering",
            "slug": "nieuwe-vergadering",
            "start": (timezone.now() + timezone.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
            **EMPTY_INLINES,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert MeetingPage.objects.child_of(space).filter(slug="nieuwe-vergadering").exists()
    other = client.get(f"/admin/pages/add/werkgroepen/meetingpage/{other_space.pk}/")
    assert other.status_code in (302, 403)


def test_members_cannot_reach_the_admin(client, space, member):
    response = login(client, member).get(f"/admin/pages/{space.pk}/")
    assert response.status_code == 302


# --- iCalendar ------------------------------------------------------------------------


def test_ics_of_a_meeting_has_a_utc_event_with_escaped_text(client, space, member):
    start = timezone.now().replace(microsecond=0) + timezone.timedelta(days=5)
    meeting = MeetingPageFactory(
        parent=space,
        title="Gezinnendag; voorbereiding, deel 2",
        slug="deel-2",
        start=start,
        place="Zaal 1, Kerkstraat 12",
    )
    body = login(client, member).get(meeting.url + "ics/").content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "\r\nBEGIN:VEVENT\r\n" in body
    assert f"UID:meeting-{meeting.pk}@" in body
    assert f"DTSTART:{start.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in body
    end = start + timezone.timedelta(hours=2)
    assert f"DTEND:{end.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Participatie: Gezinnendag\\; voorbereiding\\, deel 2" in unfolded
    assert "LOCATION:Zaal 1\\, Kerkstraat 12" in unfolded
    assert "Voorbereiding van de gezinnendag" not in body  # no agenda in calendars


def test_ical_lines_are_folded_at_75_octets_without_breaking_characters():
    line = "DESCRIPTION:" + "één café " * 30
    folded = ical.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a;b", "a\\;b"),
        ("a,b", "a\\,b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
    ],
)
def test_ical_text_escaping(raw, escaped):
    assert ical.escape(raw) == escaped


def test_feed_leaves_out_meetings_of_unpublished_spaces_and_drafts(client, space, member, meeting):
    from django.urls import reverse

    from werkgroepen.models import CalendarToken

    draft = MeetingPageFactory(parent=space, title="Nog een ontwerp", slug="ontwerp", live=False)
    feed = reverse("werkgroepen:personal_feed", args=[CalendarToken.for_user(member).token])
    body = client.get(feed).content.decode()
    assert meeting.title in body
    assert draft.title not in body
    Page.objects.filter(pk=space.pk).update(live=False)
    assert meeting.title not in client.get(feed).content.decode()


def test_home_panel_lists_the_next_meetings_of_all_my_spaces(
    client, home_page, space, other_space, meeting
):
    both = UserFactory(username="in-twee-groepen")
    both.save()
    both.groups.add(space.member_group, other_space.member_group)
    MeetingPageFactory(parent=other_space, title="Drempels: overleg", slug="overleg")
    html = login(client, both).get(home_page.url).content.decode()
    assert "Jouw volgende vergaderingen" in html
    assert meeting.title in html and "Drempels: overleg" in html
