"""Invitation links: a participant without an account gives input or answers a poll,
once, and the link opens nothing else."""

import datetime
import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.werkgroepen.conftest import login
from werkgroepen import invitations
from werkgroepen.models import InputItem, Invitation, Poll, PollBallot, PollOption

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def path_of(invitation):
    return reverse("werkgroepen:invitation", args=[invitations.token_for(invitation)])


def body(response):
    return response.content.decode()


@pytest.fixture
def invitation(space, lead):
    return invitations.create(
        space, purpose=Invitation.Purpose.INPUT, name="Samira", created_by=lead
    )


@pytest.fixture
def poll(space):
    poll = Poll.objects.create(
        space=space,
        question="Waar houden we de gezinnendag?",
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    for number, label in enumerate(["In het park", "In de sporthal"]):
        PollOption.objects.create(poll=poll, label=label, sort_order=number)
    return poll


# --- what the lead does -----------------------------------------------------------


def test_a_lead_makes_a_link_and_sees_it_with_its_qr_code(client, space, lead):
    login(client, lead)
    url = space.url + space.reverse_subpage("invitations")
    response = client.post(url, {"purpose": "input", "name": "Samira", "language": "nl", "days": 7})
    invitation = Invitation.objects.get(space=space)
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert invitations.link_for(invitation) in body(detail)
    assert detail["Referrer-Policy"] == "no-referrer"
    assert abs(invitation.expires_at - timezone.now() - datetime.timedelta(days=7)) < (
        datetime.timedelta(minutes=1)
    )
    qr = client.get(space.url + space.reverse_subpage("invitation_qr", args=[invitation.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_a_link_for_a_poll_needs_the_poll(client, space, lead):
    login(client, lead)
    url = space.url + space.reverse_subpage("invitations")
    response = client.post(url, {"purpose": "poll", "language": "nl", "days": 7})
    assert response.status_code == 200
    assert "Kies de peiling waarvoor de link is." in body(response)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["member", "partner", "other_member"])
def test_only_leads_make_see_and_revoke_links(request, client, space, invitation, who):
    login(client, request.getfixturevalue(who))
    for name, args in [
        ("invitations", None),
        ("invitation_detail", [invitation.pk]),
        ("invitation_qr", [invitation.pk]),
    ]:
        response = client.get(space.url + space.reverse_subpage(name, args=args))
        assert response.status_code == 403
        assert invitations.token_for(invitation) not in body(response)
    revoke = space.url + space.reverse_subpage("invitation_revoke", args=[invitation.pk])
    assert client.post(revoke).status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_a_lead_of_another_space_cannot_reach_this_spaces_links(
    client, space, other_space, invitation, other_member
):
    other_member.groups.add(other_space.lead_group)
    login(client, other_member)
    url = other_space.url + other_space.reverse_subpage("invitation_detail", args=[invitation.pk])
    assert client.get(url).status_code == 404
    revoke = other_space.url + other_space.reverse_subpage(
        "invitation_revoke", args=[invitation.pk]
    )
    assert client.post(revoke).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_a_revoked_link_stops_at_once(client, space, lead, invitation):
    login(client, lead)
    client.post(space.url + space.reverse_subpage("invitation_revoke", args=[invitation.pk]))
    client.logout()
    response = client.get(path_of(invitation))
    assert response.status_code == 410
    assert "De werkgroep heeft de link gestopt." in body(response)
    assert "Samira" not in body(response)


# --- what the participant does ----------------------------------------------------


def test_the_participant_gives_input_once_without_an_account(client, space, invitation):
    page = client.get(path_of(invitation))
    assert page.status_code == 200
    assert "Dag Samira, zeg wat jij denkt" in body(page)
    assert "Participatie" in body(page)
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    assert "noindex" in page["X-Robots-Tag"]

    sent = client.post(path_of(invitation), {"text": "De wachtzaal is te klein voor kinderen."})
    assert sent.status_code == 200
    assert "goed aangekomen" in body(sent)
    item = InputItem.objects.get(space=space)
    assert item.text == "De wachtzaal is te klein voor kinderen."
    assert item.status == InputItem.Status.RECEIVED
    assert item.participant_name == "Samira"
    assert item.invitation == invitation
    assert not item.is_public

    again = client.post(path_of(invitation), {"text": "Nog iets."})
    assert again.status_code == 410
    assert "Deze link is al gebruikt" in body(again)
    assert InputItem.objects.filter(space=space).count() == 1


def test_the_page_sets_no_cookie_and_takes_a_post_without_one(space, invitation):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path_of(invitation))
    assert not page.cookies
    sent = browser.post(path_of(invitation), {"text": "Zonder koekjes."}, HTTP_ORIGIN="null")
    assert sent.status_code == 200
    assert not sent.cookies
    assert InputItem.objects.get().text == "Zonder koekjes."


def test_input_lands_in_the_tracker_for_members(client, space, invitation, member):
    client.post(path_of(invitation), {"text": "Meer speelgoed in de wachtzaal."})
    login(client, member)
    tracker = client.get(space.url + space.reverse_subpage("inputs"))
    assert "Meer speelgoed in de wachtzaal." in body(tracker)
    assert "Van Samira" in body(tracker)


def test_the_link_opens_nothing_else(client, space, other_space, invitation, space_document):
    client.get(path_of(invitation))
    assert "_auth_user_id" not in client.session
    token = invitations.token_for(invitation)
    for url in [
        space.url,
        space.url + space.reverse_subpage("documents"),
        space.url + space.reverse_subpage("inputs"),
        space.url + space.reverse_subpage("polls"),
        other_space.url,
        space_document.url,
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Geheim verslag" not in body(response)
        assert token not in body(response)


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: "niets",
    ],
)
def test_an_altered_token_gets_a_friendly_page_and_stores_nothing(client, invitation, change):
    altered = change(invitations.token_for(invitation))
    url = reverse("werkgroepen:invitation", args=[altered])
    assert client.get(url).status_code == 404
    response = client.post(url, {"text": "Dit mag nergens landen."})
    assert response.status_code == 404
    assert "Deze link klopt niet" in body(response)
    assert not InputItem.objects.exists()


def test_a_token_signed_for_something_else_is_refused(client, invitation):
    from django.core import signing

    forged = signing.Signer(salt="iets-anders").sign_object([invitation.pk, invitation.nonce])
    response = client.get(reverse("werkgroepen:invitation", args=[forged]))
    assert response.status_code == 404
    wrong_nonce = signing.Signer(salt=invitations.SALT).sign_object([invitation.pk, "geraden"])
    assert client.get(reverse("werkgroepen:invitation", args=[wrong_nonce])).status_code == 404


def test_an_expired_link_gets_a_friendly_page(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(path_of(invitation), {"text": "Te laat."})
    assert response.status_code == 410
    assert "Deze link is te oud" in body(response)
    assert not InputItem.objects.exists()


def test_input_goes_to_the_links_own_space_only(client, space, other_space, invitation):
    client.post(path_of(invitation), {"text": "Voor de juiste werkgroep."})
    assert InputItem.objects.get().space_id == space.pk
    assert not InputItem.objects.filter(space=other_space).exists()


def test_an_empty_answer_gets_a_message_and_the_link_stays_open(client, invitation):
    response = client.post(path_of(invitation), {"text": "   "})
    assert response.status_code == 400
    assert "Schrijf iets, of stuur een foto of spraakbericht." in body(response)
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_too_long_text_is_kept_in_the_form(client, invitation):
    text = "woord " * 400
    response = client.post(path_of(invitation), {"text": text})
    assert response.status_code == 400
    assert "woord woord" in body(response)
    assert not InputItem.objects.exists()


def test_a_photo_is_stored_and_shown_to_members_only(client, space, invitation, member, partner):
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    client.post(path_of(invitation), {"text": "", "attachment": photo})
    item = InputItem.objects.get()
    assert item.attachment_kind == "image"
    assert item.text == "(een foto, zie bijlage)"
    url = space.url + space.reverse_subpage("input_attachment", args=[item.pk])
    login(client, member)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    login(client, partner)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "foto.jpg",
            b"MZ\x90\x00 dit is een programma",
            "Dit bestand is geen foto of spraakbericht.",
        ),
        ("script.html", b"<script>alert(1)</script>", "Stuur een foto (jpg, png)"),
        ("leeg.png", b"", "leeg"),
    ],
)
def test_a_hostile_file_is_refused_and_nothing_is_stored(
    client, invitation, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = client.post(path_of(invitation), {"text": "Kijk", "attachment": upload})
    assert response.status_code == 400
    assert message in body(response)
    assert not InputItem.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_a_file_over_the_limit_is_refused(client, invitation, settings):
    settings.WERKGROEPEN_INVITATION_MAX_FILE_SIZE = 32
    upload = SimpleUploadedFile("foto.png", PNG)
    response = client.post(path_of(invitation), {"attachment": upload})
    assert "Het bestand is te groot" in body(response)
    assert not InputItem.objects.exists()


def test_the_page_speaks_the_links_language(client, space):
    invitation = invitations.create(space, purpose=Invitation.Purpose.INPUT, language="ar")
    link = invitations.link_for(invitation)
    assert "/ar/meedoen/" in link
    response = client.get(link.removeprefix("http://testserver"))
    assert '<html lang="ar" dir="rtl"' in body(response)


def test_tokens_never_reach_the_logs(client, invitation, caplog):
    token = invitations.token_for(invitation)
    with caplog.at_level(logging.INFO):
        client.post(path_of(invitation), {"text": "Eén keer."})
        client.post(path_of(invitation), {"text": "Twee keer."})  # 410: logged
        client.get(reverse("werkgroepen:invitation", args=[token + "x"]))  # 404: logged
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/meedoen/[verborgen]" in logged
    assert token not in logged
    assert invitation.nonce not in logged


# --- polls through a link ---------------------------------------------------------


def test_a_participant_answers_an_anonymous_poll_once(client, space, poll):
    invitation = invitations.create(space, purpose=Invitation.Purpose.POLL, poll=poll)
    page = client.get(path_of(invitation))
    assert "Waar houden we de gezinnendag?" in body(page)
    assert "Niemand ziet wat jij kiest." in body(page)
    park = poll.options.get(label="In het park")
    response = client.post(path_of(invitation), {"option": park.pk})
    assert "Je antwoord is goed aangekomen." in body(response)
    park.refresh_from_db()
    assert park.anonymous_votes == 1
    ballot = PollBallot.objects.get(poll=poll)
    assert ballot.invitation == invitation and ballot.option is None
    assert client.post(path_of(invitation), {"option": park.pk}).status_code == 410
    park.refresh_from_db()
    assert park.anonymous_votes == 1


def test_an_option_of_another_poll_is_refused(client, space, poll):
    other = Poll.objects.create(
        space=space, question="Andere vraag", closes_at=timezone.now() + datetime.timedelta(1)
    )
    foreign = PollOption.objects.create(poll=other, label="Elders")
    invitation = invitations.create(space, purpose=Invitation.Purpose.POLL, poll=poll)
    for value in [foreign.pk, "abc", 10**30]:
        response = client.post(path_of(invitation), {"option": value})
        assert response.status_code == 400
    assert not PollBallot.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_a_closed_poll_tells_the_participant_in_plain_words(client, space, poll):
    invitation = invitations.create(space, purpose=Invitation.Purpose.POLL, poll=poll)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    response = client.get(path_of(invitation))
    assert "Je kan niet meer antwoorden." in body(response)


# --- the command ----------------------------------------------------------------------


def test_the_command_prints_a_working_link_last(client, space, poll):
    out = io.StringIO()
    call_command(
        "uitnodiging", "--space", "participatie", "--name", "Jan", "--days", "3", stdout=out
    )
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("http://testserver/nl/meedoen/")
    response = client.get(link.removeprefix("http://testserver"))
    assert "Dag Jan" in body(response)

    out = io.StringIO()
    call_command("uitnodiging", "--space", "participatie", "--poll", poll.slug, stdout=out)
    assert Invitation.objects.filter(poll=poll).exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--space", "bestaat-niet"], "No working group"),
        (["--space", "participatie", "--poll", "geen-peiling"], "No poll"),
        (["--space", "participatie", "--days", "0"], "--days must be"),
        (["--space", "participatie", "--language", "xx"], "Unknown language"),
    ],
)
def test_the_command_explains_bad_arguments(space, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("uitnodiging", *arguments, stdout=io.StringIO())
    assert not Invitation.objects.exists()
