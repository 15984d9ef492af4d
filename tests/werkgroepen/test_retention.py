"""Retention: each space keeps input, comments, poll answers and trashed documents for
a set time; ``manage.py retentie`` removes what is past due; coordinators see what
goes next, leads see how long their space keeps what."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail_localize.models import TranslatableObject, TranslationSource

from access import roles
from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import InputItemFactory
from werkgroepen import documents, polls, retention
from werkgroepen.models import (
    Action,
    Comment,
    InputItem,
    Poll,
    PollBallot,
    PollOption,
    SpacePrivacy,
)

Document = get_document_model()
DAY = timezone.timedelta(days=1)
SECRET = "Een mama vertelt over haar schulden bij de huisbaas."


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


def ago(days):
    return timezone.now() - days * DAY


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("retentie", *args, stdout=out, stderr=err)
    return out.getvalue()


def line_of(output, title):
    return next(line for line in output.splitlines() if line.startswith(f"{title}:"))


def old_item(space, days, **fields):
    item = InputItemFactory(space=space, text=SECRET, **fields)
    InputItem.objects.filter(pk=item.pk).update(updated_at=ago(days))
    return item


def old_comment(space, meeting, days, text="Goed idee."):
    comment = Comment.objects.create(space=space, meeting=meeting, text=text)
    Comment.objects.filter(pk=comment.pk).update(created_at=ago(days))
    return comment


def closed_poll(space, closed_days_ago, *, anonymous, voters):
    poll = Poll.objects.create(
        space=space,
        question=f"Welke dag? {closed_days_ago}",
        opens_at=ago(closed_days_ago + 10),
        closes_at=ago(closed_days_ago),
        is_anonymous=anonymous,
    )
    option = PollOption.objects.create(poll=poll, label="Maandag")
    for voter in voters:
        PollBallot.objects.create(poll=poll, user=voter, option=None if anonymous else option)
    if anonymous:
        PollOption.objects.filter(pk=option.pk).update(anonymous_votes=len(voters))
    return poll


def trashed_document(space, lead, pdf_upload, days, name="oud.pdf"):
    document = documents.create_document(space, pdf_upload(name), lead)
    documents.trash(document, lead)
    Document.objects.filter(pk=document.pk).update(trashed_at=ago(days))
    return document


@pytest.fixture
def defaults(settings):
    settings.PORTAL_RETENTION_DAYS = {
        "input": 365,
        "comments": 100,
        "poll_answers": 60,
        "trash": 30,
    }
    return settings.PORTAL_RETENTION_DAYS


@pytest.fixture
def voters(role_groups, space):
    people = [UserFactory(username=f"stemmer-{n}") for n in range(3)]
    for person in people:
        person.groups.add(space.member_group)
    return people


@pytest.fixture
def plain_coordinator(role_groups):
    """A coordinator by role, not a superuser."""
    return UserFactory(username="coord-rol", groups=[roles.COORDINATOR])


@pytest.fixture
def editor(role_groups):
    return UserFactory(username="redacteur-test", groups=[roles.REDACTEUR])


@pytest.fixture
def other_lead(other_space):
    user = UserFactory(username="andere-trekker", groups=[roles.PARTNER])
    user.groups.add(other_space.member_group, other_space.lead_group)
    return user


# --- input --------------------------------------------------------------------------


def test_input_is_removed_when_due_and_kept_when_not(space, defaults):
    gone = old_item(space, 366)
    kept = old_item(space, 364)
    output = run()
    assert line_of(output, "Participatie").startswith("Participatie: 1 inbreng,")
    assert set(InputItem.objects.values_list("pk", flat=True)) == {kept.pk}
    assert not InputItem.objects.filter(pk=gone.pk).exists()


def test_input_with_an_open_action_stays_until_the_action_is_done(space, defaults):
    item = old_item(space, 400)
    action = Action.objects.create(space=space, title="Brief herschrijven", input_item=item)
    Action.objects.filter(pk=action.pk).update(updated_at=ago(400))
    run()
    assert InputItem.objects.filter(pk=item.pk).exists()
    # Done long ago: the clock counts from the action's last change, which is old.
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE, updated_at=ago(370))
    run()
    assert not InputItem.objects.filter(pk=item.pk).exists()
    assert Action.objects.get(pk=action.pk).input_item_id is None


def test_a_recent_action_restarts_the_clock_of_its_input(space, defaults):
    item = old_item(space, 400)
    Action.objects.create(
        space=space, title="Klaar", input_item=item, status=Action.Status.DONE
    )  # changed just now
    run()
    assert InputItem.objects.filter(pk=item.pk).exists()


def test_input_goes_with_its_translation_attachment_and_translator_copy(
    space, defaults, django_capture_on_commit_callbacks
):
    item = InputItemFactory(space=space, text=SECRET)
    item.attachment.save("foto.png", ContentFile(b"png"), save=True)
    storage, name = item.attachment.storage, item.attachment.name
    source, _ = TranslationSource.get_or_create_from_instance(item)
    source.create_or_update_translation(Locale.objects.get(language_code="fr"), fallback=True)
    assert InputItem.objects.filter(translation_key=item.translation_key).count() == 2
    InputItem.objects.filter(translation_key=item.translation_key).update(updated_at=ago(400))
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "Participatie: 1 inbreng," in output  # the translation is not counted twice
    assert not InputItem.objects.filter(translation_key=item.translation_key).exists()
    assert not TranslatableObject.objects.filter(translation_key=item.translation_key).exists()
    assert not storage.exists(name)


def test_input_of_a_deleted_space_keeps_the_portal_default(space, defaults):
    item = old_item(None, 366)
    kept = old_item(None, 10)
    output = run()
    assert line_of(output, "Zonder werkgroep").startswith("Zonder werkgroep: 1 inbreng")
    assert not InputItem.objects.filter(pk=item.pk).exists()
    assert InputItem.objects.filter(pk=kept.pk).exists()


# --- comments, poll answers, trash --------------------------------------------------


def test_comments_are_removed_when_due_and_kept_when_not(space, meeting, defaults):
    gone = old_comment(space, meeting, 101)
    kept = old_comment(space, meeting, 99)
    # An edit counts as a change: an old comment edited lately stays.
    edited = old_comment(space, meeting, 200)
    Comment.objects.filter(pk=edited.pk).update(edited_at=ago(5))
    output = run()
    assert "1 reactie," in line_of(output, "Participatie")
    assert set(Comment.objects.values_list("pk", flat=True)) == {kept.pk, edited.pk}
    assert not Comment.objects.filter(pk=gone.pk).exists()


def test_poll_answers_go_but_the_results_stay_without_names(space, defaults, voters):
    named = closed_poll(space, 61, anonymous=False, voters=voters)
    anonymous = closed_poll(space, 61, anonymous=True, voters=voters[:2])
    recent = closed_poll(space, 59, anonymous=False, voters=voters[:1])
    output = run()
    assert "5 antwoorden" in line_of(output, "Participatie")
    assert not PollBallot.objects.filter(poll__in=[named, anonymous]).exists()
    assert PollBallot.objects.filter(poll=recent).count() == 1
    # The polls and their counts stay; nobody's name is linked to a choice any more.
    rows, total = polls.results(named, with_names=True)
    assert (total, rows[0]["votes"], rows[0]["names"]) == (3, 3, [])
    assert polls.turnout(named) == 3
    assert polls.results(anonymous)[1] == 2
    assert Poll.objects.count() == 3


def test_trashed_documents_go_through_the_trash_purge(
    space, lead, pdf_upload, defaults, django_capture_on_commit_callbacks
):
    gone = trashed_document(space, lead, pdf_upload, 31)
    kept = trashed_document(space, lead, pdf_upload, 29, name="recent.pdf")
    storage, name = gone.file.storage, gone.file.name
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert line_of(output, "Participatie").endswith("1 document")
    assert not Document.objects.filter(pk=gone.pk).exists()
    assert Document.objects.filter(pk=kept.pk).exists()
    assert not storage.exists(name)


# --- per space, dry run, idempotence, faults ----------------------------------------


def test_a_spaces_own_period_beats_the_default(space, other_space, lead, pdf_upload, defaults):
    SpacePrivacy.objects.create(space=space, keep_input_days=10, keep_trash_days=5)
    SpacePrivacy.objects.create(space=other_space, keep_input_days=2000)
    short = old_item(space, 11)
    default_kept = old_item(other_space, 11)
    long_kept = old_item(other_space, 400)
    trashed = trashed_document(space, lead, pdf_upload, 6)
    output = run()
    assert line_of(output, "Participatie") == (
        "Participatie: 1 inbreng, 0 reacties, 0 antwoorden, 1 document"
    )
    assert line_of(output, "Drempels").startswith("Drempels: 0 inbreng")
    assert not InputItem.objects.filter(pk=short.pk).exists()
    assert InputItem.objects.filter(pk__in=[default_kept.pk, long_kept.pk]).count() == 2
    assert not Document.objects.filter(pk=trashed.pk).exists()


def test_purge_document_trash_follows_the_spaces_trash_period(space, lead, pdf_upload, defaults):
    SpacePrivacy.objects.create(space=space, keep_trash_days=5)
    document = trashed_document(space, lead, pdf_upload, 6)
    call_command("purge_document_trash", stdout=StringIO())
    assert not Document.objects.filter(pk=document.pk).exists()


def test_dry_run_removes_nothing_and_prints_the_same_counts(
    space, meeting, lead, pdf_upload, defaults, voters
):
    old_item(space, 400)
    old_comment(space, meeting, 200)
    closed_poll(space, 100, anonymous=True, voters=voters)
    trashed_document(space, lead, pdf_upload, 40)
    dry = run("--dry-run")
    assert "Dry run: nothing was removed." in dry
    expected = "Participatie: 1 inbreng, 1 reactie, 3 antwoorden, 1 document"
    assert line_of(dry, "Participatie") == expected
    assert (InputItem.objects.count(), Comment.objects.count()) == (1, 1)
    assert (PollBallot.objects.count(), Document.objects.count()) == (3, 1)
    real = run()
    assert line_of(real, "Participatie") == expected
    assert "nothing was removed" not in real


def test_a_second_run_removes_nothing_more(space, meeting, defaults, voters):
    old_item(space, 400)
    old_comment(space, meeting, 200)
    closed_poll(space, 100, anonymous=False, voters=voters)
    run()
    again = run()
    assert line_of(again, "Participatie") == (
        "Participatie: 0 inbreng, 0 reacties, 0 antwoorden, 0 documenten"
    )
    assert polls.results(Poll.objects.get())[1] == 3  # counts not added twice


def test_a_fault_in_one_space_keeps_the_other_spaces_work(
    space, other_space, defaults, voters, monkeypatch
):
    broken = old_item(space, 400)
    closed_poll(space, 100, anonymous=True, voters=voters)
    done = old_item(other_space, 400)
    original = retention._remove_ballots

    def failing(queryset):
        if queryset.filter(poll__space=space).exists():
            raise RuntimeError("schijf vol")
        return original(queryset)

    monkeypatch.setattr(retention, "_remove_ballots", failing)
    with pytest.raises(CommandError, match="Participatie"):
        run()
    # The broken space is rolled back as a whole; the other one is done.
    assert InputItem.objects.filter(pk=broken.pk).exists()
    assert PollBallot.objects.count() == 3
    assert not InputItem.objects.filter(pk=done.pk).exists()


def test_bad_options_and_settings_give_one_clear_sentence(space, settings):
    with pytest.raises(CommandError, match="No working group has the slug 'bestaat-niet'"):
        run("--werkgroep", "bestaat-niet")
    with pytest.raises(CommandError):
        run("--onbekend")
    settings.PORTAL_RETENTION_DAYS = {**settings.PORTAL_RETENTION_DAYS, "comments": 0}
    with pytest.raises(CommandError, match=r"PORTAL_RETENTION_DAYS\['comments'\]"):
        run()


def test_one_space_only(space, other_space, defaults):
    old_item(space, 400)
    kept = old_item(other_space, 400)
    output = run("--werkgroep", "participatie")
    assert "Drempels" not in output
    assert InputItem.objects.filter(pk=kept.pk).exists()
    assert InputItem.objects.filter(space=space).count() == 0


# --- the coordinators' report -------------------------------------------------------


def report(client, user):
    return login(client, user).get(reverse("werkgroepen_retention_report"))


def test_the_report_lists_what_goes_in_the_next_30_days_without_the_words(
    client, space, other_space, meeting, plain_coordinator, defaults
):
    soon = old_item(space, 365 - 10)  # goes in 10 days
    later = old_item(space, 365 - 40)  # in 40 days: not yet in the report
    comment = old_comment(other_space, meeting, 100 - 3, text="Vertrouwelijke reactie")
    response = report(client, plain_coordinator)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Inbreng {soon.pk}" in html
    assert f"Inbreng {later.pk}" not in html
    assert f"Reactie {comment.pk}" in html
    assert SECRET not in html and "Vertrouwelijke reactie" not in html
    rows = retention.upcoming(30)
    going = {(row["space"], row["kind"]): row for row in rows}
    assert going[("Participatie", "input")]["date"] == timezone.localdate(timezone.now() + 10 * DAY)
    assert going[("Drempels", "comments")]["count"] == 1


def test_only_coordinators_reach_the_report(client, space, lead, editor, defaults):
    item = old_item(space, 360)
    for user in (lead, editor):
        response = login(client, user).get(reverse("werkgroepen_retention_report"), follow=True)
        html = response.content.decode()
        # Wagtail sends someone without permission to the admin's start page.
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert f"Inbreng {item.pk}" not in html
        assert reverse("werkgroepen_retention_report") not in html
        assert "Bewaartermijnen" not in html


# --- the leads' page ----------------------------------------------------------------


def test_the_lead_reads_the_periods_in_plain_words(client, space, lead, settings):
    settings.PORTAL_RETENTION_DAYS = {
        "input": 1095,
        "comments": 730,
        "poll_answers": 365,
        "trash": 30,
    }
    SpacePrivacy.objects.create(space=space, keep_comments_days=180)
    response = login(client, lead).get(url(space, "retention"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Inbreng:</strong> 3 jaar" in html
    assert "<strong>Reacties:</strong> 6 maanden" in html
    assert "<strong>Antwoorden op peilingen:</strong> 1 jaar" in html
    assert "<strong>Documenten in de prullenbak:</strong> 1 maand" in html
    assert response["Cache-Control"].count("private")


def test_members_and_other_leads_are_refused(client, space, member, other_lead):
    for user in (member, other_lead):
        response = login(client, user).get(url(space, "retention"))
        assert response.status_code == 403
        assert "Inbreng:" not in response.content.decode()
        response = login(client, user).post(
            url(space, "retention"), {"uploads_on_erasure": "remove"}
        )
        assert response.status_code == 403
    assert not SpacePrivacy.objects.exists()


def test_the_lead_chooses_what_happens_to_erased_uploads(client, space, lead):
    response = login(client, lead).post(
        url(space, "retention"), {"uploads_on_erasure": "remove"}, follow=True
    )
    assert "Je keuze is bewaard." in response.content.decode()
    privacy = SpacePrivacy.objects.get(space=space)
    assert privacy.removes_uploads_on_erasure()


def test_a_bad_choice_rerenders_with_a_message(client, space, lead):
    response = login(client, lead).post(
        url(space, "retention"), {"uploads_on_erasure": "verbranden"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden hieronder." in html
    assert "Inbreng:" in html
    assert not SpacePrivacy.objects.exists()


# --- the coordinators' form in the admin --------------------------------------------


def test_the_coordinator_sets_a_spaces_periods_and_nonsense_is_refused(
    client, space, plain_coordinator
):
    client = login(client, plain_coordinator)
    add = reverse("bewaartermijnen:add")
    data = {
        "space": space.pk,
        "keep_input_days": "0",
        "keep_comments_days": "4000",
        "keep_poll_answers_days": "",
        "keep_trash_days": "14",
        "uploads_on_erasure": "",
    }
    response = client.post(add, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Kies een aantal dagen van 1 tot 3650") == 2
    assert not SpacePrivacy.objects.exists()
    response = client.post(add, {**data, "keep_input_days": "90", "keep_comments_days": ""})
    assert response.status_code == 302
    privacy = SpacePrivacy.of(space)
    assert (privacy.days("input"), privacy.days("trash")) == (90, 14)


def test_leads_and_editors_cannot_open_the_periods_form(client, space, lead, editor):
    for user in (lead, editor):
        response = login(client, user).get(reverse("bewaartermijnen:add"), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "keep_input_days" not in response.content.decode()
        response = login(client, user).post(
            reverse("bewaartermijnen:add"), {"space": space.pk, "keep_input_days": "1"}
        )
        assert response.status_code == 302
    assert not SpacePrivacy.objects.exists()


def test_in_words():
    assert retention.in_words(1095) == "3 jaar"
    assert retention.in_words(365) == "1 jaar"
    assert retention.in_words(60) == "2 maanden"
    assert retention.in_words(14) == "2 weken"
    assert retention.in_words(45) == "45 dagen"
    assert retention.in_words(1) == "1 dag"


def test_only_leads_find_the_link_on_the_spaces_start_page(client, space, lead, member):
    link = url(space, "retention")
    space.save_revision().publish()
    assert link in login(client, lead).get(space.url).content.decode()
    assert link not in login(client, member).get(space.url).content.decode()
