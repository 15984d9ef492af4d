"""Polls of a space: one answer each, results hidden until closing, anonymous polls
keep no link between a person and their choice, and only the space sees them."""

import datetime

import pytest
from django.utils import timezone

from tests.werkgroepen.conftest import login
from werkgroepen import polls
from werkgroepen.models import Poll, PollBallot, PollOption


def body(response):
    return response.content.decode()


def make_poll(space, anonymous=True, visible=False, question="Welke dag past het best?"):
    poll = Poll.objects.create(
        space=space,
        question=question,
        closes_at=timezone.now() + datetime.timedelta(days=2),
        is_anonymous=anonymous,
        results_visible=visible,
    )
    for number, label in enumerate(["Maandag", "Woensdag"]):
        PollOption.objects.create(poll=poll, label=label, sort_order=number)
    return poll


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=list(args) or None)


def test_a_member_answers_once(client, space, member):
    poll = make_poll(space)
    login(client, member)
    woensdag = poll.options.get(label="Woensdag")
    response = client.post(url(space, "poll_detail", poll.pk), {"option": woensdag.pk})
    assert response.status_code == 302
    page = client.get(url(space, "poll_detail", poll.pk))
    assert "Je hebt geantwoord." in body(page)
    client.post(url(space, "poll_detail", poll.pk), {"option": woensdag.pk})
    woensdag.refresh_from_db()
    assert woensdag.anonymous_votes == 1
    with pytest.raises(polls.NotAccepted, match="al beantwoord"):
        polls.cast(poll, woensdag, user=member)
    assert PollBallot.objects.count() == 1


def test_results_stay_hidden_until_the_poll_closes(client, space, member, lead):
    poll = make_poll(space, question="Gezinnendag op zaterdag?")
    polls.cast(poll, poll.options.get(label="Maandag"), user=lead)
    login(client, member)
    before = body(client.get(url(space, "poll_detail", poll.pk)))
    assert "Uitslag" not in before
    assert "1 stem" not in before
    login(client, lead)
    client.post(url(space, "poll_close", poll.pk))
    login(client, member)
    after = body(client.get(url(space, "poll_detail", poll.pk)))
    assert "Uitslag" in after
    assert "1 stem (100%)" in after
    assert "0 stemmen (0%)" in after


def test_visible_results_show_while_open(client, space, member, lead):
    poll = make_poll(space, visible=True)
    polls.cast(poll, poll.options.get(label="Maandag"), user=lead)
    login(client, member)
    assert "1 stem (100%)" in body(client.get(url(space, "poll_detail", poll.pk)))


def test_an_anonymous_poll_links_no_one_to_their_choice(space, member, lead):
    poll = make_poll(space, anonymous=True)
    polls.cast(poll, poll.options.get(label="Maandag"), user=member)
    assert PollBallot.objects.get(user=member).option is None
    rows, total = polls.results(poll, with_names=True)
    assert total == 1
    assert all(row["names"] == [] for row in rows)


def test_a_named_poll_shows_who_chose_what_to_the_space(client, space, member, lead):
    poll = make_poll(space, anonymous=False, visible=True)
    polls.cast(poll, poll.options.get(label="Woensdag"), user=member)
    login(client, lead)
    page = body(client.get(url(space, "poll_detail", poll.pk)))
    assert "Gekozen door: Nadia Peeters" in page


@pytest.mark.parametrize("who", ["partner", "other_member", "anonymous"])
def test_outsiders_see_no_poll_and_cannot_answer(request, client, space, who):
    poll = make_poll(space, visible=True, question="Geheime vraag van de werkgroep")
    user = None if who == "anonymous" else request.getfixturevalue(who)
    login(client, user)
    for address in [url(space, "polls"), url(space, "poll_detail", poll.pk)]:
        response = client.get(address)
        assert response.status_code in (302, 403)
        assert "Geheime vraag" not in body(response)
    client.post(url(space, "poll_detail", poll.pk), {"option": poll.options.first().pk})
    assert not PollBallot.objects.exists()


def test_a_poll_of_another_space_is_not_found_here(client, space, other_space, member):
    other = make_poll(other_space, question="Vraag van de andere werkgroep")
    login(client, member)
    response = client.get(url(space, "poll_detail", other.pk))
    assert response.status_code == 404
    assert "Vraag van de andere werkgroep" not in body(response)


def test_members_do_not_make_or_close_polls(client, space, member):
    poll = make_poll(space)
    login(client, member)
    assert client.get(url(space, "poll_add")).status_code == 403
    assert client.post(url(space, "poll_close", poll.pk)).status_code == 403
    poll.refresh_from_db()
    assert poll.is_open()


def test_a_lead_makes_a_poll(client, space, lead):
    login(client, lead)
    closes = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    opens = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url(space, "poll_add"),
        {
            "question": "Waar eten we samen?",
            "options": "In het buurthuis\nIn de school\n\nIn het buurthuis",
            "opens_at": opens,
            "closes_at": closes,
            "is_anonymous": "on",
        },
    )
    poll = Poll.objects.get(space=space)
    assert response.status_code == 302
    assert [option.label for option in poll.options.all()] == ["In het buurthuis", "In de school"]
    assert poll.slug == "waar-eten-we-samen"
    assert poll.is_anonymous and not poll.results_visible


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"options": "Alleen dit"}, "Geef minstens 2 verschillende antwoorden."),
        ({"options": "\n".join(str(n) for n in range(11))}, "Geef hoogstens 10 antwoorden."),
        ({"closes_at": "2020-01-01T10:00"}, "De peiling moet sluiten na het begin."),
        ({"closes_at": "geen datum"}, "Voer een geldige datum/tijd in."),
    ],
)
def test_a_bad_poll_gets_a_message_and_keeps_what_was_typed(client, space, lead, changes, message):
    login(client, lead)
    data = {
        "question": "Een vraag die blijft staan",
        "options": "Ja\nNee",
        "opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        **changes,
    }
    response = client.post(url(space, "poll_add"), data)
    assert response.status_code == 200
    assert message in body(response)
    assert "Een vraag die blijft staan" in body(response)
    assert not Poll.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", ""])
def test_a_bad_answer_is_a_message(client, space, member, value):
    poll = make_poll(space)
    login(client, member)
    response = client.post(url(space, "poll_detail", poll.pk), {"option": value})
    assert response.status_code == 400
    assert "field__error" in body(response)
    assert not PollBallot.objects.exists()


def test_a_closed_poll_takes_no_answer(space, member):
    poll = make_poll(space)
    polls.close_now(poll)
    with pytest.raises(polls.NotAccepted, match="gesloten"):
        polls.cast(poll, poll.options.first(), user=member)
