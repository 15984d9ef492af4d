"""A person the portal knows a lot about, with distinctive identifying strings, in a
space of the working-group fixtures (which this folder borrows)."""

import pytest
from django.utils import timezone

from tests.portal.factories import UserFactory
from tests.werkgroepen import conftest as werkgroepen_fixtures
from werkgroepen import accesslog, comments, documents
from werkgroepen.models import (
    Action,
    CalendarToken,
    InputItem,
    MemberProfile,
    Poll,
    PollBallot,
    PollOption,
)

USERNAME = "qxwillemijn"
FIRST_NAME = "Xandrieke"
LAST_NAME = "Vlamoverbeke"
EMAIL = "xandrieke.vlam@quuxvoorbeeld.org"
IDENTIFIERS = [USERNAME, FIRST_NAME, LAST_NAME, EMAIL]

# The working-group fixtures (a space, its lead, a meeting, …), borrowed.
index_page = werkgroepen_fixtures.index_page
space = werkgroepen_fixtures.space
other_space = werkgroepen_fixtures.other_space
member = werkgroepen_fixtures.member
lead = werkgroepen_fixtures.lead
other_member = werkgroepen_fixtures.other_member
meeting = werkgroepen_fixtures.meeting
pdf_upload = werkgroepen_fixtures.pdf_upload


@pytest.fixture
def person(space):
    user = UserFactory(username=USERNAME, first_name=FIRST_NAME, last_name=LAST_NAME, email=EMAIL)
    user.save()
    user.groups.add(space.member_group)
    return user


@pytest.fixture
def rich_person(person, space, lead, meeting, pdf_upload, django_capture_on_commit_callbacks):
    """``person`` with input, an upload, comments, a mention, a named ballot, a page
    edit, access-log entries, an action, a profile and a calendar address."""
    with django_capture_on_commit_callbacks(execute=True):
        InputItem.objects.create(
            space=space,
            locale=space.locale,
            text=f"{FIRST_NAME} vertelde over de wachtrij aan het loket.",
            created_by=person,
        )
        document = documents.create_document(
            space,
            pdf_upload("verslag.pdf", f"Verslag opgesteld door {LAST_NAME}."),
            person,
            title=f"Verslag van {FIRST_NAME} {LAST_NAME}",
        )
        comments.add(space, person, f"Ik, {FIRST_NAME}, ben akkoord.", meeting=meeting)
        comments.add(space, lead, f"Goed idee @{USERNAME}!", meeting=meeting)
        poll = Poll.objects.create(
            space=space,
            question="Welke dag past?",
            closes_at=timezone.now() + timezone.timedelta(days=3),
            is_anonymous=False,
        )
        option = PollOption.objects.create(poll=poll, label="Dinsdag")
        PollBallot.objects.create(poll=poll, user=person, option=option)
        meeting.minutes = f"<p>{FIRST_NAME} {LAST_NAME} ({EMAIL}) was er.</p>"
        meeting.attendees.add(person)
        meeting.save_revision(user=person).publish(user=person, skip_permission_checks=True)
        accesslog.document_opened(lead, space, document)
        accesslog.membership_changed(lead, space, person, "add")
        Action.objects.create(space=space, title=f"{FIRST_NAME} belt de school", owner=person)
        profile = MemberProfile.for_user(person)
        profile.organisation = f"{LAST_NAME} vzw"
        profile.save()
        CalendarToken.for_user(person)
    return person
