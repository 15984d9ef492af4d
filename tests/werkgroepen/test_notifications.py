"""Mail to members: a meeting planned, minutes published, a document added."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demo.samplefiles import make_pdf
from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import MeetingPageFactory
from werkgroepen import notifications
from werkgroepen.models import CalendarToken, MeetingPage, MemberProfile


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def _publish(page, user=None):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=user).publish(user=user)

    return _publish


@pytest.fixture
def draft_meeting(space):
    meeting = MeetingPage(
        title="Overleg <b>brugfiguren</b> & scholen",
        slug="overleg",
        start=timezone.now() + timezone.timedelta(days=10),
        place="Zaal <script>alert(1)</script>",
        live=False,
    )
    space.add_child(instance=meeting)
    return meeting


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_planning_a_meeting_mails_each_member_once_but_not_the_author(
    publish, draft_meeting, member, lead, other_member
):
    publish(draft_meeting, lead)
    assert recipients() == ["lid@example.org"]
    message = mail.outbox[0]
    assert len(message.to) == 1 and not message.cc and not message.bcc
    assert "Nieuwe vergadering" in message.subject
    assert draft_meeting.title in message.body
    assert "http://testserver/nl/werkgroepen/participatie/overleg/" in message.body
    publish(draft_meeting, lead)  # an edit is not a new meeting
    assert len(mail.outbox) == 1


def test_member_content_is_escaped_in_the_html_mail_and_the_subject_is_one_line(
    publish, draft_meeting, member, lead
):
    draft_meeting.title = "Overleg\n<b>brugfiguren</b>"
    publish(draft_meeting, lead)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>brugfiguren</b>" not in html
    assert "\n" not in message.subject


def test_publishing_minutes_mails_once(publish, meeting, member, lead):
    mail.outbox.clear()
    meeting.minutes = "<p>We kozen een datum.</p>"
    publish(meeting, lead)
    subjects = [m.subject for m in mail.outbox]
    assert any("Verslag" in subject for subject in subjects)
    count = len(mail.outbox)
    meeting.minutes = "<p>We kozen een datum. Aangevuld.</p>"
    publish(meeting, lead)
    assert len(mail.outbox) == count


def test_past_meeting_entered_afterwards_is_no_new_meeting(publish, space, member, lead):
    old = MeetingPage(
        title="Van vorige maand",
        slug="vorige-maand",
        start=timezone.now() - timezone.timedelta(days=30),
        live=False,
    )
    space.add_child(instance=old)
    publish(old, lead)
    assert not any("Nieuwe vergadering" in m.subject for m in mail.outbox)


def test_members_who_opted_out_get_no_mail(publish, draft_meeting, member, lead):
    MemberProfile.objects.create(user=member, notify_meetings=False)
    publish(draft_meeting, lead)
    assert mail.outbox == []


def test_members_without_an_address_or_inactive_are_skipped(publish, space, draft_meeting, lead):
    nobody = UserFactory(username="zonder-mail", email="")
    nobody.save()
    gone = UserFactory(username="vertrokken", email="weg@example.org", is_active=False)
    gone.save()
    for user in (nobody, gone):
        user.groups.add(space.member_group)
    publish(draft_meeting, lead)
    assert recipients() == []


def test_documents_added_in_the_admin_are_announced(
    client, space, member, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, lead).post(
            "/admin/documents/add/",
            {
                "title": "Uitnodiging",
                "collection": space.collection.pk,
                "file": SimpleUploadedFile("uitnodiging.pdf", make_pdf("U", ["x"])),
            },
        )
    assert response.status_code == 302
    assert recipients() == ["lid@example.org"]
    assert "Uitnodiging" in mail.outbox[0].body


def test_suppressed_announcements_send_nothing(
    space, member, lead, pdf_upload, django_capture_on_commit_callbacks
):
    from werkgroepen import documents

    with django_capture_on_commit_callbacks(execute=True), notifications.suppressed():
        document = documents.create_document(space, pdf_upload(), lead)
        notifications.announce(notifications.DOCUMENTS, space, [document.pk], lead)
    assert mail.outbox == []


def test_each_member_gets_the_mail_in_the_language_they_chose(
    publish, space, draft_meeting, member, lead
):
    """The portal's words follow the member's choice (French here), what members
    wrote stays as written, and a member who chose nothing gets Dutch."""
    dutch = UserFactory(username="lid-twee", email="twee@example.org", first_name="Jan")
    dutch.save()
    dutch.groups.add(space.member_group)
    profile = MemberProfile.for_user(member)
    profile.mail_language = "fr"
    profile.save()
    publish(draft_meeting, lead)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["lid@example.org", "twee@example.org"]

    french = by_address["lid@example.org"]
    assert "Nouvelle réunion" in french.subject and "Nieuwe vergadering" not in french.subject
    assert "Bonjour Nadia," in french.body and "Dag " not in french.body
    assert draft_meeting.title in french.subject  # as the lead wrote it
    assert "/fr/" in french.body
    html = french.alternatives[0][0]
    assert '<html lang="fr" dir="ltr">' in html

    dutch_mail = by_address["twee@example.org"]
    assert "Nieuwe vergadering" in dutch_mail.subject and "Dag Jan," in dutch_mail.body
    assert '<html lang="nl" dir="ltr">' in dutch_mail.alternatives[0][0]


def test_several_documents_are_counted_in_each_readers_language_read_once(
    space, member, lead, pdf_upload, django_capture_on_commit_callbacks
):
    """The documents are read once for the announcement, whatever the number of
    languages it goes out in (here Dutch, then French and English); only the words
    around them change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkgroepen import documents

    with notifications.suppressed():
        made = [documents.create_document(space, pdf_upload(), lead) for _ in range(2)]
    english = UserFactory(username="lid-en", email="en@example.org")
    english.save()
    english.groups.add(space.member_group)

    def announce():
        mail.outbox.clear()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            notifications.announce(notifications.DOCUMENTS, space, [d.pk for d in made], lead)
        return {message.to[0]: message.subject for message in mail.outbox}, len(queries)

    announce()  # the site's root paths and the space's address are read once per process
    one_language, queries_for_one = announce()
    assert all("2 documenten" in subject for subject in one_language.values())
    for user, language in ((member, "fr"), (english, "en")):
        profile = MemberProfile.for_user(user)
        profile.mail_language = language
        profile.save()
    three_languages, queries_for_three = announce()
    assert "2 documents" in three_languages["lid@example.org"]
    assert "Nouveau" in three_languages["lid@example.org"]
    assert "2 documents" in three_languages["en@example.org"]
    assert "documenten" not in three_languages["en@example.org"]
    assert queries_for_three == queries_for_one


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_the_families_languages_can_be_chosen_for_mails(
    publish, draft_meeting, member, lead, language
):
    from django.utils.translation import gettext, override

    profile = MemberProfile.for_user(member)
    profile.mail_language = language
    profile.save()
    publish(draft_meeting, lead)
    [message] = mail.outbox
    with override(language):
        greeting = gettext("Dag %(name)s,") % {"name": member.first_name}
    assert greeting != f"Dag {member.first_name},"
    assert greeting in message.body
    assert "Nieuwe vergadering" not in message.subject
    assert f"/{language}/" in message.body
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in message.alternatives[0][0]


def test_mail_links_to_the_preferences_page(publish, draft_meeting, member, lead):
    publish(draft_meeting, lead)
    assert "/nl/mijn-werkgroepen/instellingen/" in mail.outbox[0].body


# --- preferences -----------------------------------------------------------------------


def test_member_turns_mails_off_and_sets_an_organisation(client, member):
    client = login(client, member)
    url = reverse("werkgroepen:preferences")
    response = client.get(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    client.post(
        url,
        {
            "organisation": "Buurtwerk Noord",
            "digest": "each",
            "notify_meetings": "on",
            "notify_documents": "",
            "mail_language": "en",
        },
    )
    profile = MemberProfile.objects.get(user=member)
    assert profile.organisation == "Buurtwerk Noord"
    assert profile.notify_meetings and not profile.notify_minutes and not profile.notify_documents
    assert profile.mail_language == "en"


@pytest.mark.parametrize("language", ["xx", "", "de", "<script>"])
def test_a_mail_language_the_portal_has_no_texts_in_is_refused_and_nothing_is_lost(
    client, member, language
):
    client = login(client, member)
    url = reverse("werkgroepen:preferences")
    response = client.post(
        url,
        {
            "organisation": "Buurtwerk Zuid",
            "digest": "each",
            "notify_meetings": "on",
            "mail_language": language,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Buurtwerk Zuid" in html  # what was typed is shown again
    assert 'id="id_mail_language-error"' in html
    assert not MemberProfile.objects.filter(user=member, organisation="Buurtwerk Zuid").exists()


def test_preferences_show_and_renew_the_calendar_address(client, member):
    client = login(client, member)
    url = reverse("werkgroepen:preferences")
    token = CalendarToken.for_user(member).token
    assert token in client.get(url).content.decode()
    client.post(url, {"action": "renew"})
    new = CalendarToken.objects.get(user=member).token
    assert new != token
    html = client.get(url).content.decode()
    assert new in html and token not in html


def test_preferences_need_a_login(client):
    response = client.get(reverse("werkgroepen:preferences"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_organisation_shows_on_the_space(client, space, member):
    MemberProfile.objects.create(user=member, organisation="Vereniging De Zon")
    html = login(client, member).get(space.url).content.decode()
    assert "Vereniging De Zon" in html


def test_meeting_factory_publishes_under_a_space(space):
    meeting = MeetingPageFactory(parent=space)
    assert meeting.live and meeting.get_parent().specific == space
