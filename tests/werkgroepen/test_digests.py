"""Daily and weekly digests (``werkgroepen.digests``, ``manage.py send_digests``)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from werkgroepen import digests, documents, notifications
from werkgroepen.models import Action, Comment, MeetingPage, MemberProfile, Poll


def make_meeting(space, title, slug, publish=True):
    meeting = MeetingPage(title=title, slug=slug, start=timezone.now() + timedelta(days=5))
    meeting.live = False
    space.add_child(instance=meeting)
    if publish:
        with notifications.suppressed():
            meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk)


def make_document(space, user, pdf_upload, title):
    with notifications.suppressed():
        return documents.create_document(space, pdf_upload(), user, title=title)


def fill(space, author, pdf_upload, prefix):
    """One of each kind in ``space``, their titles starting with ``prefix``."""
    now = timezone.now()
    document = make_document(space, author, pdf_upload, f"{prefix} document")
    meeting = make_meeting(space, f"{prefix} vergadering", f"{prefix.lower()}-vergadering")
    Comment.objects.create(
        space=space, meeting=meeting, author=author, text=f"{prefix} reactie op de vergadering"
    )
    Comment.objects.create(
        space=space, document=document, author=author, text=f"{prefix} reactie op het document"
    )
    Poll.objects.create(
        space=space,
        created_by=author,
        question=f"{prefix} peiling?",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
    )
    Action.objects.create(space=space, title=f"{prefix} actie", created_by=author)
    return document, meeting


def choose(user, digest, **fields):
    profile = MemberProfile.for_user(user)
    profile.digest = digest
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


def run(now=None, dry_run=False):
    return list(digests.run(now=now or timezone.now() + timedelta(minutes=1), dry_run=dry_run))


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    message = found[0]
    return message, message.body, message.alternatives[0][0]


@pytest.fixture
def two_spaces(space, other_space, lead, other_member, pdf_upload):
    fill(space, lead, pdf_upload, "Eigen")
    fill(other_space, other_member, pdf_upload, "Vreemd")


# --- privacy ---------------------------------------------------------------------------


def test_a_member_gets_the_news_of_their_space_and_nothing_of_another(two_spaces, member):
    choose(member, "daily")
    run()
    message, text, html = mail_to("lid@example.org")
    assert message.subject == "Nieuw in je werkgroepen: je overzicht van de dag"
    for body in (text, html):
        for kind in ("document", "vergadering", "reactie op de vergadering", "peiling", "actie"):
            assert f"Eigen {kind}" in body
        assert "Vreemd" not in body
        assert "Drempels" not in body
    assert "Participatie" in text
    assert "http://testserver/nl/werkgroepen/participatie/" in text
    assert "/werkgroepen/drempels/" not in text + html
    # Each poll and action links to its own page in the space.
    assert "http://testserver/nl/werkgroepen/participatie/peilingen/" in text
    assert "http://testserver/nl/werkgroepen/participatie/acties/" in text


def test_someone_who_left_a_space_gets_nothing_of_it(two_spaces, space, member):
    choose(member, "daily")
    member.groups.remove(space.member_group)
    outcomes = run()
    assert mail.outbox == []
    assert [outcome.status for outcome in outcomes] == ["nothing"]


def test_trashed_documents_and_unpublished_meetings_are_not_listed(space, member, lead, pdf_upload):
    choose(member, "weekly")
    kept = make_document(space, lead, pdf_upload, "Bewaard document")
    thrown = make_document(space, lead, pdf_upload, "Weggegooid document")
    Comment.objects.create(space=space, document=thrown, author=lead, text="Over de prullenbak")
    documents.trash(thrown, lead)
    make_meeting(space, "Nog een ontwerp", "ontwerp", publish=False)
    withdrawn = make_meeting(space, "Ingetrokken vergadering", "ingetrokken")
    Comment.objects.create(space=space, meeting=withdrawn, author=lead, text="Over de intrekking")
    withdrawn.unpublish()
    run()
    _message, text, html = mail_to("lid@example.org")
    assert kept.title in text and kept.title in html
    for body in (text, html):
        for hidden in ("Weggegooid", "ontwerp", "Ingetrokken", "prullenbak", "intrekking"):
            assert hidden not in body


def test_comment_text_of_another_space_or_of_the_member_never_appears(
    space, other_space, member, lead, other_member, pdf_upload
):
    choose(member, "daily")
    own = make_meeting(space, "Eigen vergadering", "eigen")
    theirs = make_meeting(other_space, "Andere vergadering", "andere")
    Comment.objects.create(space=space, meeting=own, author=lead, text="Zichtbaar voor Nadia")
    Comment.objects.create(space=space, meeting=own, author=member, text="Wat ik zelf schreef")
    Comment.objects.create(
        space=other_space, meeting=theirs, author=other_member, text="Het verhaal van mijn gezin"
    )
    run()
    _message, text, html = mail_to("lid@example.org")
    assert "Zichtbaar voor Nadia" in text and "Zichtbaar voor Nadia" in html
    assert "Koen Janssens" in text  # who wrote it
    for body in (text, html):
        assert "verhaal van mijn gezin" not in body
        assert "Wat ik zelf schreef" not in body


def test_a_deactivated_user_gets_nothing(two_spaces, member):
    choose(member, "daily")
    member.is_active = False
    member.save()
    out = StringIO()
    call_command("send_digests", "--dry-run", stdout=out)
    assert "lid@example.org" not in out.getvalue()
    assert run() == []
    assert mail.outbox == []


def test_digest_members_get_no_mail_per_event(
    space, member, lead, pdf_upload, django_capture_on_commit_callbacks
):
    other = UserFactory(username="per-event", email="elk@example.org")
    other.save()
    other.groups.add(space.member_group)
    choose(member, "daily")
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.create_document(space, pdf_upload(), lead, title="Uitnodiging")
        notifications.announce(notifications.DOCUMENTS, space, [document.pk], lead)
    assert sorted(address for m in mail.outbox for address in m.to) == ["elk@example.org"]
    for choice in ("weekly", "none"):
        mail.outbox.clear()
        choose(member, choice)
        recipients = notifications.recipients(space, notifications.MEETING, lead.pk)
        assert list(recipients.values_list("email", flat=True)) == ["elk@example.org"]


def test_members_who_chose_no_mail_get_no_digest_either(two_spaces, member):
    choose(member, "none")
    assert run() == []
    assert mail.outbox == []


# --- what is listed ---------------------------------------------------------------------


def test_a_meeting_changed_since_the_last_digest_is_marked_changed(space, member, lead):
    meeting = make_meeting(space, "Gezinnendag", "gezinnendag")
    profile = choose(member, "daily", digest_sent_at=timezone.now())
    with notifications.suppressed():
        meeting.save_revision().publish()
    digest = digests.build(profile, "nl", timezone.now() + timedelta(hours=21))
    [item] = digest.spaces[0].meetings
    assert item.object.pk == meeting.pk and item.state == "changed"


def test_polls_that_opened_or_closed_are_listed_and_polls_not_yet_open_are_not(space, member):
    choose(member, "daily")
    now = timezone.now()
    Poll.objects.create(
        space=space,
        question="Welke datum?",
        opens_at=now - timedelta(hours=2),
        closes_at=now + timedelta(days=2),
    )
    Poll.objects.create(
        space=space,
        question="Welke zaal?",
        opens_at=now - timedelta(days=5),
        closes_at=now - timedelta(hours=3),
    )
    Poll.objects.create(
        space=space,
        question="Later pas?",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=2),
    )
    Poll.objects.create(
        space=space,
        question="Al lang open?",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=2),
    )
    run()
    _message, text, _html = mail_to("lid@example.org")
    assert "Open tot" in text and "Welke datum?" in text
    assert "Gesloten, de uitslag is er: Welke zaal?" in text
    assert "Later pas?" not in text and "Al lang open?" not in text


def test_actions_for_the_member_come_first_and_their_own_are_left_out(space, member, lead):
    choose(member, "daily")
    Action.objects.create(space=space, title="Zaal boeken", created_by=lead)
    Action.objects.create(
        space=space, title="Flyer maken", owner=member, created_by=lead, due_on=timezone.localdate()
    )
    Action.objects.create(space=space, title="Eigen notitie", owner=member, created_by=member)
    run()
    _message, text, html = mail_to("lid@example.org")
    assert text.index("Voor jou: Flyer maken") < text.index("Nieuw: Zaal boeken")
    assert "Eigen notitie" not in text and "Eigen notitie" not in html


def test_the_member_sees_how_many_more_there_are_beyond_ten(space, member, lead, pdf_upload):
    choose(member, "daily")
    for number in range(12):
        make_document(space, lead, pdf_upload, f"Document {number:02d}")
    [outcome] = run()
    assert outcome.digest.counts()["documents"] == 12
    _message, text, _html = mail_to("lid@example.org")
    assert "Document 09" in text and "Document 10" not in text
    assert "En nog 2 andere." in text


# --- timing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "last", "due"),
    [
        ("daily", None, True),
        ("daily", timedelta(hours=19), False),
        ("daily", timedelta(hours=21), True),
        ("weekly", None, True),
        ("weekly", timedelta(days=6), False),
        ("weekly", timedelta(days=6, hours=13), True),
        ("each", None, False),
        ("none", None, False),
    ],
)
def test_daily_and_weekly_digests_are_due_after_their_gap(member, choice, last, due):
    now = timezone.now()
    choose(member, choice, digest_sent_at=now - last if last else None)
    assert list(digests.due_profiles(now).values_list("user_id", flat=True)) == (
        [member.pk] if due else []
    )


def test_a_first_digest_looks_back_one_day_or_one_week(space, member, lead, pdf_upload):
    make_document(space, lead, pdf_upload, "Verslag")
    now = timezone.now()
    for choice, back in (("daily", timedelta(days=1)), ("weekly", timedelta(days=7))):
        profile = choose(member, choice, digest_sent_at=None)
        assert digests.window(profile, now) == (now - back, now)
    # The document is three days old at "now": in the weekly digest, not the daily one.
    later = timezone.now() + timedelta(days=3)
    assert digests.build(choose(member, "daily"), "nl", later).counts()["documents"] == 0
    assert digests.build(choose(member, "weekly"), "nl", later).counts()["documents"] == 1


def test_a_digest_lists_only_what_came_after_the_last_one(space, member, lead, pdf_upload):
    make_document(space, lead, pdf_upload, "Oud verslag")
    profile = choose(member, "daily", digest_sent_at=timezone.now())
    make_document(space, lead, pdf_upload, "Nieuw verslag")
    digest = digests.build(profile, "nl", timezone.now() + timedelta(hours=21))
    [news] = digest.spaces
    assert [item.object.title for item in news.documents] == ["Nieuw verslag"]


def test_running_twice_sends_once(two_spaces, member):
    choose(member, "daily")
    now = timezone.now() + timedelta(minutes=1)
    run(now)
    run(now + timedelta(hours=1))
    assert len(mail.outbox) == 1
    assert MemberProfile.objects.get(user=member).digest_sent_at == now


def test_nothing_new_sends_no_mail_but_moves_the_clock(space, member):
    choose(member, "daily")
    now = timezone.now()
    [outcome] = run(now)
    assert outcome.status == "nothing"
    assert mail.outbox == []
    assert MemberProfile.objects.get(user=member).digest_sent_at == now
    out = StringIO()
    call_command("send_digests", "--dry-run", verbosity=2, stdout=out)
    assert out.getvalue().endswith("0 member(s) have nothing new. Nothing was sent or recorded.\n")
    choose(member, "weekly", digest_sent_at=None)
    call_command("send_digests", verbosity=2, stdout=out)
    assert "nothing new for lid@example.org" in out.getvalue()
    assert "0 digest(s) sent, 1 member(s) had nothing new, 0 failed." in out.getvalue()
    assert mail.outbox == []


# --- language and form ------------------------------------------------------------------


def test_the_digest_comes_in_the_members_mail_language(two_spaces, member):
    choose(member, "weekly", mail_language="fr")
    run()
    message, text, html = mail_to("lid@example.org")
    assert "Bonjour Nadia," in text and "Dag Nadia" not in text
    assert "Eigen document" in text  # what members wrote stays as written
    assert "/fr/mijn-werkgroepen/instellingen/" in text
    assert '<html lang="fr" dir="ltr">' in html
    assert "\n" not in message.subject


def test_member_content_is_escaped_in_the_html_digest(space, member, lead):
    choose(member, "daily")
    Action.objects.create(space=space, title="<script>alert(1)</script>", created_by=lead)
    run()
    _message, text, html = mail_to("lid@example.org")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in text  # plain text is not HTML


# --- the command ------------------------------------------------------------------------


def test_dry_run_prints_what_it_would_send_and_sends_and_records_nothing(two_spaces, member, lead):
    choose(member, "daily")
    choose(lead, "weekly")
    out = StringIO()
    call_command("send_digests", "--dry-run", stdout=out)
    output = out.getvalue()
    assert (
        "would send lid@example.org: documents 1, meetings 1, comments 2, polls 1, actions 1"
        in output
    )
    # What the lead did themselves is no news to them; only the meeting is listed.
    assert "would send trekker@example.org: documents 0, meetings 1, comments 0, polls 0" in output
    assert "Dry run: 2 digest(s) would be sent, 0 member(s) have nothing new." in output
    assert mail.outbox == []
    assert not MemberProfile.objects.filter(digest_sent_at__isnull=False).exists()


def test_the_command_sends_and_prints_a_summary(two_spaces, member):
    choose(member, "daily")
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "sent lid@example.org" in out.getvalue()
    assert "1 digest(s) sent, 0 member(s) had nothing new, 0 failed." in out.getvalue()
    assert len(mail.outbox) == 1
    assert MemberProfile.objects.get(user=member).digest_sent_at is not None


class RefusesOneAddress(EmailBackend):
    def send_messages(self, messages):
        if any("lid@example.org" in message.to for message in messages):
            raise OSError("mail server refused")
        return super().send_messages(messages)


def test_a_failed_send_is_reported_and_does_not_stop_the_others(
    settings, space, member, lead, pdf_upload
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesOneAddress"
    other = UserFactory(username="tweede", email="tweede@example.org")
    other.save()
    other.groups.add(space.member_group)
    choose(member, "daily")
    choose(other, "daily")
    make_document(space, lead, pdf_upload, "Verslag")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("send_digests", stdout=out, stderr=err)
    assert "failed lid@example.org: OSError: mail server refused" in err.getvalue()
    assert "1 digest(s) sent, 0 member(s) had nothing new, 1 failed." in out.getvalue()
    assert [message.to for message in mail.outbox] == [["tweede@example.org"]]
    assert MemberProfile.objects.get(user=member).digest_sent_at is None  # tried again


# --- preferences --------------------------------------------------------------------------


def test_member_chooses_a_weekly_digest_on_the_preferences_page(client, member):
    client = login(client, member)
    url = reverse("werkgroepen:preferences")
    html = client.get(url).content.decode()
    assert "<legend>Hoe wil je mails krijgen?</legend>" in html
    assert 'type="radio" name="digest" value="weekly"' in html
    assert "mail per week met alles samen" in html
    MemberProfile.objects.filter(user=member).update(
        digest_sent_at=timezone.now() - timedelta(days=60)
    )
    response = client.post(
        url, {"digest": "weekly", "notify_meetings": "on", "mail_language": "nl"}
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert profile.digest == "weekly"
    assert profile.digest_sent_at is None  # the first digest looks back one week


@pytest.mark.parametrize("value", ["", "monthly", "<script>"])
def test_an_unknown_digest_choice_is_refused_and_nothing_is_lost(client, member, value):
    client = login(client, member)
    response = client.post(
        reverse("werkgroepen:preferences"),
        {"organisation": "Buurtwerk West", "digest": value, "mail_language": "nl"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_digest-error"' in html
    assert "Buurtwerk West" in html
    assert "<script>" not in html
    assert not MemberProfile.objects.filter(organisation="Buurtwerk West").exists()
