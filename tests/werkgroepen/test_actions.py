"""Actions: the follow-up of decisions and input, their mails and the daily reminder."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import FeedbackPageFactory, InputItemFactory, MeetingPageFactory
from werkgroepen import actions as action_mails
from werkgroepen.models import Action, MemberProfile
from werkgroepen.views.actions import PER_PAGE


def url(space, name="actions", *args):
    return space.url + space.reverse_subpage(name, args=args or None)


def today():
    return action_mails.local_today()


def make_action(space, **fields):
    fields.setdefault("title", "Brief aan de school herschrijven")
    return Action.objects.create(space=space, **fields)


def form_data(**fields):
    data = {"title": "Zitbank vragen aan de stad", "description": "", "status": "open"}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def secret_action(space, member):
    return make_action(space, title="Geheime opvolging bij gezin X", owner=member)


@pytest.fixture
def foreign_action(other_space, other_member):
    return make_action(other_space, title="Actie van de andere groep", owner=other_member)


@pytest.fixture
def decision_meeting(space):
    meeting = MeetingPageFactory(parent=space, title="Overleg oktober", slug="overleg-oktober")
    meeting.decisions = [
        (
            "decision",
            {
                "decision": "We vragen een zitbank aan de schoolpoort.",
                "owner": "Nadia",
                "due": datetime.date(2031, 10, 31),
            },
        )
    ]
    meeting.save()
    return type(meeting).objects.get(pk=meeting.pk)


# --- privacy ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["partner", "other_member", "anonymous"])
def test_outsiders_get_no_list_form_or_detail(client, outsiders, secret_action, space, who):
    client = login(client, outsiders[who])
    for address in (
        url(space),
        url(space, "action_add"),
        url(space, "action_detail", secret_action.pk),
    ):
        response = client.get(address)
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403
            assert "Geheime opvolging" not in response.content.decode()
    response = client.post(url(space, "action_add"), form_data())
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "login" in response["Location"]
    assert not Action.objects.filter(title="Zitbank vragen aan de stad").exists()


def test_an_action_of_another_space_is_not_found_through_this_one(
    client, space, lead, foreign_action
):
    client = login(client, lead)
    response = client.get(url(space, "action_detail", foreign_action.pk))
    assert response.status_code == 404
    response = client.post(url(space, "action_detail", foreign_action.pk), form_data())
    assert response.status_code == 404
    foreign_action.refresh_from_db()
    assert foreign_action.title == "Actie van de andere groep"


def test_members_read_actions_but_only_leads_create_and_edit(client, space, member, lead):
    action = make_action(space, title="Folder drukken", owner=lead)
    client = login(client, member)
    assert "Folder drukken" in client.get(url(space)).content.decode()
    html = client.get(url(space, "action_detail", action.pk)).content.decode()
    assert "Folder drukken" in html and 'name="status"' not in html
    assert client.get(url(space, "action_add")).status_code == 403
    assert client.post(url(space, "action_add"), form_data()).status_code == 403
    response = client.post(url(space, "action_detail", action.pk), form_data(status="done"))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open" and action.title == "Folder drukken"
    assert "Nieuwe actie" not in client.get(url(space)).content.decode()


def test_owner_changes_only_the_status_of_their_action(client, space, member, lead):
    action = make_action(space, title="Folder drukken", owner=member)
    client = login(client, member)
    html = client.get(url(space, "action_detail", action.pk)).content.decode()
    assert 'name="status"' in html and 'name="title"' not in html
    response = client.post(
        url(space, "action_detail", action.pk),
        {"status": "done", "title": "Overschreven", "owner": lead.pk, "due_on": "2030-01-01"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.title == "Folder drukken" and action.owner == member and action.due_on is None


def test_owner_choices_are_only_the_spaces_active_members(
    client, space, member, lead, other_member
):
    gone = UserFactory(username="weg", first_name="Ilse", last_name="Weg", is_active=False)
    gone.groups.add(space.member_group)
    html = login(client, lead).get(url(space, "action_add")).content.decode()
    assert "Nadia Peeters" in html and "Koen Janssens" in html
    assert "Els Maes" not in html and "Ilse Weg" not in html


@pytest.mark.parametrize("owner", ["outsider", "inactive", "huge", "text"])
def test_a_forged_owner_who_is_no_member_is_refused_and_nothing_is_lost(
    client, space, lead, other_member, owner
):
    inactive = UserFactory(username="slapend", is_active=False)
    inactive.groups.add(space.member_group)
    value = {
        "outsider": other_member.pk,
        "inactive": inactive.pk,
        "huge": "99999999999999999999999",
        "text": "<script>",
    }[owner]
    response = login(client, lead).post(
        url(space, "action_add"), form_data(title="Mijn zorgvuldige titel", owner=value)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies iemand die lid is van deze werkgroep." in html
    assert 'value="Mijn zorgvuldige titel"' in html
    assert not Action.objects.exists()


def test_a_member_who_left_is_named_on_the_form_of_their_action(client, space, lead):
    former = UserFactory(username="oud-lid", first_name="Wim", last_name="Oud")
    action = make_action(space, owner=former)
    html = login(client, lead).get(url(space, "action_detail", action.pk)).content.decode()
    assert "Wim Oud is geen lid meer van de werkgroep." in html


# --- creating from input or a decision --------------------------------------------


def test_lead_makes_an_action_of_an_input_item(client, space, lead, member):
    item = InputItemFactory(space=space, public_summary="Ouders vragen een zitbank.")
    client = login(client, lead)
    html = client.get(url(space, "inputs")).content.decode()
    assert f"?inbreng={item.pk}" in html and "Maak hier een actie van" in html
    address = url(space, "action_add") + f"?inbreng={item.pk}"
    html = client.get(address).content.decode()
    assert 'value="Ouders vragen een zitbank."' in html
    assert item.text[:30] in html  # the source is shown to the lead
    response = client.post(address, form_data(owner=member.pk, due_on="2031-05-01"))
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.input_item == item and action.space == space and action.created_by == lead
    assert action.due_on == datetime.date(2031, 5, 1)


def test_the_input_tracker_shows_the_actions_taken_on_an_item(client, space, member, lead):
    item = InputItemFactory(space=space)
    make_action(space, title="Brief herschrijven", owner=lead, input_item=item, status="done")
    client = login(client, member)
    html = client.get(url(space, "inputs")).content.decode()
    assert "Brief herschrijven" in html and "Koen Janssens" in html and "klaar" in html
    assert "Maak hier een actie van" not in html  # members make no actions
    html = login(client, lead).get(url(space, "input_edit", item.pk)).content.decode()
    assert "Brief herschrijven" in html and f"?inbreng={item.pk}" in html


def test_lead_makes_an_action_of_a_decision(client, space, lead, member, decision_meeting):
    block_id = decision_meeting.decisions[0].id
    client = login(client, lead)
    html = client.get(decision_meeting.url).content.decode()
    assert f"vergadering={decision_meeting.pk}&amp;beslissing={block_id}" in html
    address = url(space, "action_add") + f"?vergadering={decision_meeting.pk}&beslissing={block_id}"
    html = client.get(address).content.decode()
    assert "We vragen een zitbank aan de schoolpoort." in html
    assert 'value="2031-10-31"' in html
    assert f'<option value="{member.pk}" selected>' in html  # "Nadia" is one member
    client.post(address, form_data(title="Zitbank vragen", owner=member.pk))
    action = Action.objects.get()
    assert action.meeting_id == decision_meeting.pk and action.decision_id == block_id
    html = client.get(url(space)).content.decode()
    assert decision_meeting.url in html and "Overleg oktober" in html


def test_members_get_no_action_link_on_a_decision(client, space, member, decision_meeting):
    html = login(client, member).get(decision_meeting.url).content.decode()
    assert "We vragen een zitbank" in html and "Maak hier een actie van" not in html


def test_input_or_decision_of_another_space_is_ignored(client, space, other_space, lead):
    foreign_item = InputItemFactory(space=other_space, text="Verhaal van een ander gezin")
    foreign_meeting = MeetingPageFactory(parent=other_space)
    foreign_meeting.decisions = [("decision", {"decision": "Beslissing van elders"})]
    foreign_meeting.save()
    block_id = type(foreign_meeting).objects.get(pk=foreign_meeting.pk).decisions[0].id
    client = login(client, lead)
    for query in (
        f"?inbreng={foreign_item.pk}",
        f"?vergadering={foreign_meeting.pk}&beslissing={block_id}",
    ):
        response = client.post(url(space, "action_add") + query, form_data())
        assert response.status_code == 302
        html = client.get(url(space, "action_add") + query).content.decode()
        assert "Verhaal van een ander gezin" not in html and "Beslissing van elders" not in html
    assert Action.objects.count() == 2
    assert not Action.objects.exclude(input_item=None, meeting=None).exists()


@pytest.mark.parametrize(
    "query",
    [
        "?inbreng=abc",
        "?inbreng=99999999999999999999",
        "?inbreng=-1",
        "?inbreng=%C2%B2",
        "?vergadering=1&beslissing=",
        "?vergadering=xyz&beslissing=<b>",
        "?beslissing=abc",
    ],
)
def test_odd_source_parameters_are_ignored(client, space, lead, query):
    response = login(client, lead).get(url(space, "action_add") + query)
    assert response.status_code == 200
    assert "Nieuwe actie" in response.content.decode()


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"due_on": "31-31-2031"}, "Geef een geldige datum"),
        ({"due_on": "morgen"}, "Geef een geldige datum"),
        ({"title": "   "}, "Dit is een verplicht veld."),
        ({"title": "x" * 201}, "niet meer dan 200 tekens"),
        ({"description": "y" * 2001}, "niet meer dan 2000 tekens"),
        ({"status": "klaar-ish"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(
    client, space, lead, fields, message
):
    data = {**form_data(description="Eerst bellen met de directie."), **fields}
    response = login(client, lead).post(url(space, "action_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    for key, value in data.items():  # everything typed is shown again
        if key != "status" and value.strip():
            assert value in html
    assert not Action.objects.exists()


# --- the list and the overview ------------------------------------------------------


def test_list_shows_open_actions_by_due_date_and_says_which_are_late(client, space, member, lead):
    make_action(space, title="Later", due_on=today() + datetime.timedelta(days=9))
    make_action(space, title="Te laat al", due_on=today() - datetime.timedelta(days=2), owner=lead)
    make_action(space, title="Zonder datum")
    make_action(space, title="Bezig nu", status="in_progress", due_on=today())
    make_action(space, title="Al klaar", status="done", due_on=today())
    make_action(space, title="Geschrapt", status="dropped")
    html = login(client, member).get(url(space)).content.decode()
    positions = [html.index(title) for title in ("Te laat al", "Bezig nu", "Later", "Zonder datum")]
    assert positions == sorted(positions)
    assert "Al klaar" not in html and "Geschrapt" not in html
    late_item = html[html.index("Te laat al") :].split("</li>")[0]
    assert "te laat" in late_item and "Koen Janssens" in late_item
    assert "te laat" not in html[html.index("Bezig nu") :].split("</li>")[0]


def test_list_filters_by_status_and_ignores_unknown_values(client, space, member):
    make_action(space, title="Nog te doen")
    make_action(space, title="Al klaar", status="done")
    make_action(space, title="Geschrapt", status="dropped")
    client = login(client, member)
    html = client.get(url(space), {"stand": "done"}).content.decode()
    assert "Al klaar" in html and "Nog te doen" not in html
    html = client.get(url(space), {"stand": "dropped"}).content.decode()
    assert "Geschrapt" in html and "Al klaar" not in html
    html = client.get(url(space), {"stand": "alle"}).content.decode()
    assert html.index("Nog te doen") < html.index("Al klaar")
    for odd in ("<script>", "999", "done'--"):
        html = client.get(url(space), {"stand": odd}).content.decode()
        assert "Nog te doen" in html and "Al klaar" not in html


def test_a_long_list_is_paged_and_keeps_the_filter(client, space, member):
    from tests.werkgroepen.test_documents import next_page_link

    for number in range(PER_PAGE + 2):
        make_action(
            space,
            title=f"Klus {number:02d}",
            status="done",
            due_on=today() + datetime.timedelta(days=number),
        )
    client = login(client, member)
    first = client.get(url(space), {"stand": "done"}).content.decode()
    assert "Klus 00" in first and f"Klus {PER_PAGE + 1:02d}" not in first
    link = next_page_link(first)
    assert link and "stand=done" in link
    second = client.get(url(space) + link).content.decode()
    assert f"Klus {PER_PAGE + 1:02d}" in second


def test_sources_link_to_the_meeting_and_to_the_input_item_for_leads(
    client, space, member, lead, meeting
):
    item = InputItemFactory(space=space, text="Een papa vraagt een tolk.")
    make_action(space, title="Uit de vergadering", meeting=meeting, decision_id="x")
    make_action(space, title="Uit de inbreng", input_item=item)
    edit_link = url(space, "input_edit", item.pk)
    html = login(client, member).get(url(space)).content.decode()
    assert meeting.url in html and "Een papa vraagt een tolk." in html
    assert edit_link not in html
    assert edit_link in login(client, lead).get(url(space)).content.decode()


def test_the_space_lists_a_few_open_actions_and_links_to_all(client, space, member):
    make_action(space, title="Open actie op het overzicht", owner=member)
    make_action(space, title="Klare actie", status="done")
    html = login(client, member).get(space.url).content.decode()
    panel = html.split('id="acties"')[1]
    assert "Open actie op het overzicht" in panel and "Nadia Peeters" in panel
    assert "Klare actie" not in panel and url(space) in panel
    assert f'href="{url(space)}"' in html.split("space-nav")[1]  # the "Acties" tab


# --- the public feedback page -------------------------------------------------------


def test_feedback_page_counts_actions_but_never_shows_their_titles_or_owners(
    client, home_page, space, lead, member
):
    feedback = FeedbackPageFactory(parent=home_page)
    item = InputItemFactory(space=space, is_public=True, public_summary="Brieven zijn moeilijk.")
    make_action(space, title="Interne actie Alfa", owner=lead, input_item=item, status="done")
    make_action(space, title="Interne actie Beta", owner=member, input_item=item)
    make_action(space, title="Interne actie Gamma", input_item=item, status="dropped")
    quiet = InputItemFactory(space=space, is_public=True, public_summary="Nog niets gebeurd.")
    html = client.get(feedback.url).content.decode()
    assert "Brieven zijn moeilijk." in html and "2 acties, 1 klaar" in html
    for secret in ("Interne actie", "Koen", "Janssens", "Nadia", "Peeters"):
        assert secret not in html
    quiet_part = html[html.index(quiet.public_summary) :].split("</li>")[0]
    assert "acties" not in quiet_part and "actie" not in quiet_part


# --- the assignment mail ------------------------------------------------------------


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the queued mail), as a real request would."""

    def post(client, address, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(address, data)

    return post


def test_owner_gets_one_mail_when_assigned_and_nobody_else(client, commits, space, lead, member):
    client = login(client, lead)
    commits(client, url(space, "action_add"), form_data(owner=member.pk, due_on="2031-03-04"))
    [message] = mail.outbox
    assert message.to == ["lid@example.org"]
    assert "Zitbank vragen aan de stad" in message.subject and "\n" not in message.subject
    assert "Dag Nadia," in message.body and "4 maart 2031" in message.body
    action = Action.objects.get()
    assert url(space, "action_detail", action.pk) in message.body
    # Saving again without a new owner sends nothing; a new owner gets their own mail.
    address = url(space, "action_detail", action.pk)
    commits(client, address, form_data(owner=member.pk, status="in_progress"))
    assert len(mail.outbox) == 1
    commits(client, address, form_data(owner=lead.pk))
    assert len(mail.outbox) == 1  # the lead gave it to themselves


def test_assignment_mail_is_in_the_owners_language_and_escapes_the_title(
    client, commits, space, lead, member
):
    profile = MemberProfile.for_user(member)
    profile.mail_language = "fr"
    profile.save()
    commits(
        login(client, lead),
        url(space, "action_add"),
        form_data(title="<b>Vet</b> & zo", owner=member.pk, due_on="2031-10-02"),
    )
    [message] = mail.outbox
    assert "Bonjour Nadia," in message.body and "octobre" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr"' in html and "&lt;b&gt;Vet&lt;/b&gt; &amp; zo" in html


def test_no_assignment_mail_when_the_owner_wants_no_mail(client, commits, space, lead, member):
    other = UserFactory(username="ander", email="ander@example.org", first_name="Bart")
    other.groups.add(space.member_group)
    profile = MemberProfile.for_user(member)
    profile.digest = MemberProfile.Digest.NONE
    profile.save()
    client = login(client, lead)
    commits(client, url(space, "action_add"), form_data(owner=member.pk))
    assert Action.objects.get().owner == member
    assert mail.outbox == []
    commits(client, url(space, "action_add"), form_data(owner=other.pk))
    assert [message.to for message in mail.outbox] == [["ander@example.org"]]


def test_assignment_mail_is_not_sent_to_someone_who_is_no_longer_owner(space, member, lead):
    action = make_action(space, owner=lead)
    assert action_mails.send_assigned(action.pk, member.pk) == 0
    assert mail.outbox == []


# --- the daily reminder -------------------------------------------------------------


def reminders(*args):
    out = StringIO()
    call_command("send_action_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reminder_the_day_before_once_per_due_date(space, member):
    tomorrow = today() + datetime.timedelta(days=1)
    action = make_action(space, title="Zaal boeken", owner=member, due_on=tomorrow)
    make_action(space, title="Overmorgen", owner=member, due_on=tomorrow + datetime.timedelta(1))
    make_action(space, title="Al klaar", owner=member, due_on=tomorrow, status="done")
    output = reminders()
    [message] = mail.outbox
    assert message.to == ["lid@example.org"] and "Zaal boeken" in message.subject
    assert "Morgen moet deze actie" in message.body
    assert f"#{action.pk}" in output and "1 reminder(s) sent." in output
    action.refresh_from_db()
    assert action.reminded_for == tomorrow
    assert "0 reminder(s) sent." in reminders()
    assert len(mail.outbox) == 1


def test_a_new_due_date_gets_a_new_reminder(space, member):
    tomorrow = today() + datetime.timedelta(days=1)
    make_action(space, owner=member, due_on=tomorrow, reminded_for=tomorrow - datetime.timedelta(7))
    reminders()
    assert len(mail.outbox) == 1


def test_dry_run_lists_but_sends_and_records_nothing(space, member):
    action = make_action(space, owner=member, due_on=today() + datetime.timedelta(days=1))
    output = reminders("--dry-run")
    assert "would remind lid-test" in output and "1 reminder(s) would be sent." in output
    assert mail.outbox == []
    action.refresh_from_db()
    assert action.reminded_for is None


def test_no_reminder_for_owners_who_left_are_inactive_have_no_address_or_no_mail(
    space, member, other_member
):
    tomorrow = today() + datetime.timedelta(days=1)
    left = UserFactory(username="vertrokken", email="weg@example.org")
    sleeping = UserFactory(username="slapend", email="slaap@example.org", is_active=False)
    silent = UserFactory(username="stil", email="stil@example.org")
    no_address = UserFactory(username="zonder", email="")
    for user in (sleeping, silent, no_address):
        user.groups.add(space.member_group)
    MemberProfile.objects.create(user=silent, digest=MemberProfile.Digest.NONE)
    for user in (left, sleeping, silent, no_address, other_member):
        make_action(space, owner=user, due_on=tomorrow)
    make_action(space, owner=None, due_on=tomorrow)
    output = reminders()
    assert mail.outbox == [] and "0 reminder(s) sent." in output


def test_a_member_who_left_the_space_gets_no_reminder(space, member):
    make_action(space, owner=member, due_on=today() + datetime.timedelta(days=1))
    member.groups.remove(space.member_group)
    reminders()
    assert mail.outbox == []


def test_tomorrow_is_counted_in_brussels(monkeypatch, space, member):
    """At 23:30 UTC on 1 March it is already 2 March in Brussels: due the 3rd."""
    moment = datetime.datetime(2031, 3, 1, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert action_mails.local_today() == datetime.date(2031, 3, 2)
    make_action(space, owner=member, due_on=datetime.date(2031, 3, 3))
    make_action(space, owner=member, due_on=datetime.date(2031, 3, 2))
    reminders()
    [message] = mail.outbox
    assert "3 maart 2031" in message.body
