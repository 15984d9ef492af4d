"""The demo gives three working groups that show who sees what."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model

from access.privacy import can_view_page
from demo import home as demo_home
from demo import werkgroepen as demo_werkgroepen
from demo.accounts import DemoContext, ensure_demo_accounts
from werkgroepen import comments, polls
from werkgroepen.models import (
    Action,
    Comment,
    FeedbackPage,
    InputItem,
    Invitation,
    MeetingPage,
    Poll,
    PollBallot,
    WorkingGroupPage,
)

LINK_LINE = re.compile(r"^Invitation link for a participant \(Participatie\): (\S+)$", re.M)


def load_demo(capture):
    out = StringIO()
    with capture(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_output(db, django_capture_on_commit_callbacks):
    return load_demo(django_capture_on_commit_callbacks)


@pytest.fixture
def demo(demo_output):
    return demo_output


def user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_demo_has_three_spaces_under_werkgroepen(demo, client):
    spaces = WorkingGroupPage.objects.all()
    assert spaces.count() == 3
    assert all(space.url.startswith("/nl/werkgroepen/") for space in spaces)
    participatie = spaces.get(slug="participatie")
    assert participatie.is_lead(user("trekker"))
    assert participatie.is_member(user("lid")) and not participatie.is_lead(user("lid"))
    for space in spaces:
        assert not can_view_page(user("buitenstaander"), space)


def test_demo_space_has_meetings_documents_versions_and_items(demo):
    space = WorkingGroupPage.objects.get(slug="participatie")
    meetings = MeetingPage.objects.child_of(space)
    assert meetings.filter(start__lt=timezone.now()).exists()
    assert meetings.filter(start__gt=timezone.now()).exists()
    assert meetings.count() >= 2
    Document = get_document_model()
    docs = Document.objects.filter(collection=space.collection)
    assert {d.file_extension for d in docs} >= {"pdf", "docx"}
    assert all(d.extraction_status == "done" for d in docs)
    assert any(d.versions.exists() for d in docs)
    statuses = set(InputItem.objects.filter(space=space).values_list("status", flat=True))
    assert len(statuses) == 5


def test_demo_feedback_page_is_public_and_in_easy_read(demo, client):
    page = FeedbackPage.objects.get(slug="terugkoppeling")
    html = client.get(page.url).content.decode()
    assert "Brieven van het sociaal huis zijn moeilijk." in html
    assert "leefloon" not in html  # the private wording stays in the space
    assert page.has_easy_read


def test_demo_logs_in_as_lid_and_sees_participatie(demo, client):
    client.post("/nl/accounts/login/", {"username": "lid", "password": "portaal-demo"})
    html = client.get("/nl/werkgroepen/").content.decode()
    assert "Participatie" in html and "Drempels naar hulp" not in html


def test_demo_sends_no_working_group_mail(demo):
    titles = list(WorkingGroupPage.objects.values_list("title", flat=True))
    for message in mail.outbox:  # other apps' demos may mail (e.g. workflows)
        assert not any(f"[{title}]" in message.subject for title in titles), message.subject


# --- taking part in "Participatie" ---------------------------------------------------


def participatie():
    return WorkingGroupPage.objects.get(slug="participatie")


def test_demo_has_an_open_named_poll_answered_by_members(demo):
    space = participatie()
    open_polls, _upcoming, _closed = polls.of_space(space)
    assert len(open_polls) == 1
    poll = open_polls[0]
    assert not poll.is_anonymous and poll.options.count() == 3
    voters = set(poll.ballots.exclude(user=None).values_list("user__username", flat=True))
    assert voters == {"trekker", "lid"}
    assert all(space.is_member(user(name)) for name in voters)
    rows, total = polls.results(poll, with_names=True)
    assert total == polls.turnout(poll) >= 3
    assert "Nadia Benali" in [name for row in rows for name in row["names"]]


def test_demo_has_a_closed_anonymous_poll_with_results(demo, client):
    space = participatie()
    _open, _upcoming, closed_polls = polls.of_space(space)
    assert len(closed_polls) == 1
    poll = closed_polls[0]
    assert poll.is_anonymous and poll.is_closed() and poll.shows_results()
    assert poll.closes_at < timezone.now() - timezone.timedelta(days=7)
    # Anonymous: no ballot says what anyone chose; the options hold the count.
    assert not PollBallot.objects.filter(poll=poll).exclude(option=None).exists()
    rows, total = polls.results(poll)
    assert total == polls.turnout(poll) == 5
    assert [row["votes"] for row in rows] == [3, 1, 1]
    assert {"trekker", "lid"} <= set(
        poll.ballots.exclude(user=None).values_list("user__username", flat=True)
    )
    # The links its participants answered with are used, none is still open.
    assert all(link.state == "used" for link in poll.invitations.all())
    client.force_login(user("lid"))
    html = client.get(space.url + space.reverse_subpage("poll_detail", args=[poll.pk])).content
    html = html.decode()
    assert poll.question in html and "Ik voelde me welkom" in html
    assert "Nadia" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_demo_has_two_actions_one_overdue_one_from_a_decision(demo, client):
    space = participatie()
    actions = list(Action.objects.filter(space=space))
    assert len(actions) == 2
    overdue = [action for action in actions if action.is_overdue]
    assert len(overdue) == 1
    assert overdue[0].status == Action.Status.OPEN and space.is_member(overdue[0].owner)
    assert overdue[0].input_item.space_id == space.pk
    decided = next(action for action in actions if action.meeting_id)
    assert decided.meeting.get_parent().pk == space.pk
    blocks = {block.id: block.value["decision"] for block in decided.meeting.decisions}
    assert blocks[decided.decision_id] == "Ouders krijgen een vervoersvergoeding."
    client.force_login(user("lid"))
    html = client.get(space.url + space.reverse_subpage("actions")).content.decode()
    assert overdue[0].title in html and decided.title in html


def test_demo_has_a_conversation_with_a_mention_on_a_meeting(demo, client):
    space = participatie()
    thread = list(Comment.objects.filter(space=space).order_by("pk"))
    assert 3 <= len(thread) <= 4
    meeting = thread[0].meeting
    assert meeting is not None and all(comment.meeting_id == meeting.pk for comment in thread)
    assert meeting.get_parent().pk == space.pk
    assert len({comment.author_id for comment in thread}) >= 3
    assert all(space.can_view(comment.author) for comment in thread)
    mentions = [c for c in thread if comments.mentioned(c.text, space)]
    assert mentions and user("lid").pk in comments.mentioned(mentions[0].text, space)
    client.force_login(user("lid"))
    html = client.get(meeting.url).content.decode()
    assert "Twee mama&#x27;s willen soep maken" in html or "Twee mama's willen soep maken" in html


def test_demo_prints_an_invitation_link_that_opens_the_input_form(demo_output, client):
    found = LINK_LINE.search(demo_output)
    assert found, demo_output
    path = urlsplit(found.group(1)).path
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dag Lotte, zeg wat jij denkt" in html
    assert 'name="text"' in html and "Versturen" in html
    assert "leefloon" not in html  # nothing of the space behind the link
    invitation = Invitation.objects.get(name="Lotte")
    assert invitation.is_open() and invitation.purpose == Invitation.Purpose.INPUT


def test_demo_twice_adds_nothing_and_prints_the_same_link(
    demo_output, django_capture_on_commit_callbacks
):
    counts = (Poll.objects.count(), Action.objects.count(), Comment.objects.count())
    ballots, links = PollBallot.objects.count(), Invitation.objects.count()
    again = load_demo(django_capture_on_commit_callbacks)
    assert "Demo already complete: nothing changed." in again
    assert LINK_LINE.search(again).group(1) == LINK_LINE.search(demo_output).group(1)
    assert (Poll.objects.count(), Action.objects.count(), Comment.objects.count()) == counts
    assert (PollBallot.objects.count(), Invitation.objects.count()) == (ballots, links)


def test_building_twice_adds_no_poll_action_or_comment(demo, django_capture_on_commit_callbacks):
    ctx = DemoContext(stdout=StringIO())
    ensure_demo_accounts(ctx)
    counts = (Poll.objects.count(), Action.objects.count(), Comment.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo_home.build(ctx)  # finds the start pages the spaces hang under
        demo_werkgroepen.build(ctx)
    assert ctx.created == []
    assert (Poll.objects.count(), Action.objects.count(), Comment.objects.count()) == counts


def test_demo_makes_a_new_link_once_the_printed_one_is_used(
    demo_output, django_capture_on_commit_callbacks, client
):
    path = urlsplit(LINK_LINE.search(demo_output).group(1)).path
    response = client.post(path, {"text": "Op zaterdag kan ik beter komen."})
    assert response.status_code == 200
    assert client.get(path).status_code == 410
    again = load_demo(django_capture_on_commit_callbacks)
    fresh = urlsplit(LINK_LINE.search(again).group(1)).path
    assert fresh != path
    assert client.get(fresh).status_code == 200
