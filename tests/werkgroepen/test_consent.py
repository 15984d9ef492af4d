"""Consent: texts and versions, a member's own page, a participant's consent through an
invitation link, the lead's view, the public feedback page and the access log."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry

from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import FeedbackPageFactory, InputItemFactory
from werkgroepen import accesslog, consent, invitations
from werkgroepen.models import Consent, ConsentText, InputItem
from werkgroepen.models.consent import Purpose

CONSENTS_URL = "/nl/mijn-werkgroepen/toestemmingen/"
QUOTE_TEXT = "Je woorden mogen op de website, zonder je naam."


@pytest.fixture
def texts(db):
    nl = Locale.get_default()
    return {
        purpose: ConsentText.objects.create(
            purpose=purpose,
            title=f"Titel {purpose}",
            text=QUOTE_TEXT if purpose == Purpose.QUOTE else f"Tekst over {purpose}.",
            is_published=True,
            locale=nl,
        )
        for purpose in Purpose
    }


@pytest.fixture
def feedback_page(home_page):
    return FeedbackPageFactory(parent=home_page)


@pytest.fixture
def quoted_item(space, member):
    """A public item recorded by the member themselves: shown only with their consent."""
    return InputItemFactory(
        space=space,
        created_by=member,
        by_group=False,
        is_public=True,
        public_summary="Nadia wil een zitbank aan de schoolpoort.",
    )


def post_choice(client, space, purpose, keuze):
    return client.post(CONSENTS_URL, {"space": space.pk, "purpose": purpose, "keuze": keuze})


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=list(args))


def participant_page(invitation):
    return reverse("werkgroepen:invitation", args=[invitations.token_for(invitation)])


# --- texts ---------------------------------------------------------------------------


def test_a_new_text_gets_the_next_version_and_the_newest_published_is_current(texts):
    draft = ConsentText.objects.create(
        purpose=Purpose.QUOTE, title="Nieuw", text="Nieuwe tekst.", locale=Locale.get_default()
    )
    assert draft.version == 2
    assert consent.current_text(Purpose.QUOTE) == texts[Purpose.QUOTE]  # not published yet
    draft.is_published = True
    draft.save()
    assert consent.current_text(Purpose.QUOTE).version == 2


def test_a_text_someone_agreed_to_cannot_be_changed(texts, space, member):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    text = texts[Purpose.QUOTE]
    text.text = "Andere woorden."
    with pytest.raises(ValidationError, match="nieuwe versie"):
        text.full_clean()
    untouched = texts[Purpose.PHOTO]
    untouched.text = "Nog niemand gaf toestemming: verbeteren mag."
    untouched.full_clean()


def test_a_text_someone_agreed_to_cannot_be_deleted_in_the_admin(
    client, texts, space, member, coordinator
):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    login(client, coordinator)
    text = texts[Purpose.QUOTE]
    response = client.post(
        reverse("wagtailsnippets_werkgroepen_consenttext:delete", args=[text.pk]), follow=True
    )
    assert "Iemand gaf al toestemming met deze tekst" in response.content.decode()
    assert ConsentText.objects.filter(pk=text.pk).exists()


def test_the_text_is_shown_in_the_readers_language(client, texts, space, member):
    english = Locale.objects.get(language_code="en")
    translation = texts[Purpose.QUOTE].copy_for_translation(english)
    translation.title = "Your words on the website"
    translation.text = "Your words may be shown without your name."
    translation.save()
    assert translation.version == texts[Purpose.QUOTE].version
    login(client, member)
    html = client.get("/en/mijn-werkgroepen/toestemmingen/").content.decode()
    assert "Your words may be shown without your name." in html
    dutch = client.get(CONSENTS_URL).content.decode()
    assert QUOTE_TEXT in dutch and "Your words" not in dutch


def test_consent_rows_are_never_updated():
    row = Consent(purpose="citeren", given=True)
    row.save()
    row.given = False
    with pytest.raises(ValueError, match="append-only"):
        row.save()


# --- a member's own page ----------------------------------------------------------------


def test_a_member_gives_and_withdraws_and_each_change_is_a_new_row(client, texts, space, member):
    login(client, member)
    html = client.get(CONSENTS_URL).content.decode()
    assert "Werkgroep Participatie" in html
    assert "nog niet gevraagd" in html and "Ja, ik geef toestemming" in html
    post_choice(client, space, "citeren", "ja")
    post_choice(client, space, "citeren", "nee")
    rows = list(Consent.objects.filter(user=member).order_by("created_at", "pk"))
    assert [(row.purpose, row.given, row.version) for row in rows] == [
        ("citeren", True, 1),
        ("citeren", False, 1),
    ]
    assert rows[0].space == space and rows[0].recorded_by is None
    html = client.get(CONSENTS_URL).content.decode()
    assert "Jouw keuze nu: nee" in html


def test_a_member_sees_only_their_own_consents(client, texts, space, other_space, member, lead):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    consent.record(space=space, purpose="foto", given=True, user=member, actor=member)
    login(client, lead)  # the lead is a member of the same space
    html = client.get(CONSENTS_URL).content.decode()
    assert "Jouw keuze nu: ja" not in html
    assert html.count("Jouw keuze nu: nog niet gevraagd") == len(Purpose)
    outsider = UserFactory(username="buiten")
    outsider.groups.add(other_space.member_group)
    login(client, outsider)
    html = client.get(CONSENTS_URL).content.decode()
    assert "Werkgroep Drempels" in html
    assert "Werkgroep Participatie" not in html and "Jouw keuze nu: ja" not in html


def test_the_page_asks_for_a_login_and_is_never_cached(client, texts, member):
    response = client.get(CONSENTS_URL)
    assert response.status_code == 302 and "login" in response["Location"]
    login(client, member)
    response = client.get(CONSENTS_URL)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"purpose": "reclame", "keuze": "ja"}, "Deze toestemming bestaat niet"),
        ({"purpose": "citeren", "keuze": "misschien"}, "Kies ja of nee"),
        ({"purpose": "citeren", "keuze": "ja", "space": "abc"}, "geen lid van deze werkgroep"),
        ({"purpose": "citeren", "keuze": "ja", "space": "99999999999999999999"}, "geen lid"),
    ],
)
def test_a_forged_purpose_or_choice_gets_a_clear_message(
    client, texts, space, member, data, message
):
    login(client, member)
    response = client.post(CONSENTS_URL, {"space": space.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_another_spaces_id_gets_a_clear_message_and_records_nothing(
    client, texts, space, other_space, member
):
    login(client, member)
    response = post_choice(client, other_space, "citeren", "ja")
    assert response.status_code == 400
    assert "Je bent geen lid van deze werkgroep" in response.content.decode()
    assert not Consent.objects.exists()


def test_without_a_published_text_nobody_can_agree(client, space, member):
    login(client, member)
    response = post_choice(client, space, "citeren", "ja")
    assert response.status_code == 400
    assert "Er is nog geen tekst voor deze toestemming" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_settings_page_and_the_member_list_link_to_the_page(client, texts, space, member):
    login(client, member)
    assert CONSENTS_URL in client.get("/nl/mijn-werkgroepen/instellingen/").content.decode()
    members = client.get(url(space, "members")).content.decode()
    assert f"{CONSENTS_URL}#werkgroep-{space.pk}" in members


# --- leads ----------------------------------------------------------------------------


def test_leads_see_per_member_what_is_agreed_in_words(client, texts, space, member, lead):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    consent.record(space=space, purpose="foto", given=True, user=member, actor=member)
    consent.record(space=space, purpose="foto", given=False, user=member, actor=member)
    login(client, lead)
    html = client.get(url(space, "members")).content.decode()
    row = html.split("Nadia Peeters")[1].split("</li>")[0]
    assert "citeren zonder naam op de terugkoppelpagina: <strong>ja</strong>" in row
    assert "foto&#x27;s: <strong>nee</strong>" in row
    assert "meedoen in de werkgroep: <strong>nog niet gevraagd</strong>" in row


def test_members_and_other_spaces_leads_do_not_see_the_consents(
    client, texts, space, other_space, member, lead
):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    other_member = UserFactory(username="lid-twee")
    other_member.groups.add(space.member_group)
    login(client, other_member)
    html = client.get(url(space, "members")).content.decode()
    assert "Nadia Peeters" in html and "Toestemming:" not in html
    other_lead = UserFactory(username="andere-trekker")
    other_lead.groups.add(other_space.member_group, other_space.lead_group)
    login(client, other_lead)
    response = client.get(url(space, "members"))
    assert response.status_code == 403
    assert "Nadia" not in response.content.decode()
    html = client.get(url(other_space, "members")).content.decode()
    assert "Nadia" not in html and "<strong>ja</strong>" not in html


# --- the public feedback page ---------------------------------------------------------------


def test_input_is_public_only_with_a_quote_consent_or_written_by_the_group(
    client, texts, feedback_page, space, member, quoted_item
):
    InputItemFactory(space=space, is_public=True, public_summary="De werkgroep vat samen.")
    InputItemFactory(
        space=space, is_public=True, by_group=False, public_summary="Van niemand bekend."
    )
    html = client.get(feedback_page.url).content.decode()
    assert "De werkgroep vat samen." in html
    assert "zitbank" not in html and "Van niemand bekend." not in html
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    assert "zitbank" in client.get(feedback_page.url).content.decode()


def test_a_consent_in_another_space_does_not_count(
    client, texts, feedback_page, space, other_space, member, quoted_item
):
    member.groups.add(other_space.member_group)
    consent.record(space=other_space, purpose="citeren", given=True, user=member, actor=member)
    assert "zitbank" not in client.get(feedback_page.url).content.decode()


def test_withdrawing_takes_the_input_off_a_cached_feedback_page_at_once(
    client, texts, feedback_page, space, member, quoted_item, settings
):
    settings.PORTAL_PAGE_CACHE = True
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    first = client.get(feedback_page.url)
    assert "zitbank" in first.content.decode()
    again = client.get(feedback_page.url)
    assert again["X-Portal-Cache"] == "hit" and "zitbank" in again.content.decode()
    login(client, member)
    post_choice(client, space, "citeren", "nee")
    client.logout()
    client.cookies.clear()
    after = client.get(feedback_page.url)
    assert after.status_code == 200
    assert "zitbank" not in after.content.decode()
    assert after["X-Portal-Cache"] == "miss"


# --- participants through an invitation link ---------------------------------------------


@pytest.fixture
def invitation(space, lead):
    return invitations.create(space, purpose="input", created_by=lead, name="Samira")


def test_the_participants_page_asks_with_unchecked_boxes_and_says_sending_is_taking_part(
    client, texts, invitation
):
    html = client.get(participant_page(invitation)).content.decode()
    assert "Als je op Versturen drukt, doe je mee." in html
    assert QUOTE_TEXT in html
    for name in ("consent_quote", "consent_photo"):
        box = (
            html.split(f'name="{name}"')[0].rsplit("<input", 1)[1]
            + html.split(f'name="{name}"')[1].split(">", 1)[0]
        )
        assert "checked" not in box


def test_the_invitations_consent_is_stored_with_the_input(client, texts, invitation, space):
    response = client.post(
        participant_page(invitation), {"text": "Ik wil een zitbank.", "consent_quote": "on"}
    )
    assert response.status_code == 200
    rows = Consent.objects.filter(invitation=invitation)
    assert sorted(rows.values_list("purpose", "given", "version")) == [
        ("citeren", True, 1),
        ("deelnemen", True, 1),
    ]
    assert set(rows.values_list("space", flat=True)) == {space.pk}
    assert not rows.filter(user__isnull=False).exists()
    entry = ModelLogEntry.objects.get(action=accesslog.CONSENT_GIVEN, data__purpose="citeren")
    assert entry.user is None and entry.label == f"Uitnodiging {invitation.pk}"
    assert "Samira" not in str(entry.data) and "zitbank" not in str(entry.data)


def test_photo_consent_counts_only_with_a_photo(client, texts, invitation):
    client.post(
        participant_page(invitation),
        {"text": "Geen foto.", "consent_quote": "", "consent_photo": "on"},
    )
    purposes = set(Consent.objects.filter(invitation=invitation).values_list("purpose", flat=True))
    assert purposes == {"deelnemen"}


def test_a_photo_with_photo_consent_is_recorded(client, texts, space, lead):
    invitation = invitations.create(space, purpose="input", created_by=lead)
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
    client.post(participant_page(invitation), {"attachment": png, "consent_photo": "on"})
    purposes = set(Consent.objects.filter(invitation=invitation).values_list("purpose", flat=True))
    assert purposes == {"deelnemen", "foto"}


def test_a_lead_notes_a_participants_withdrawal_and_the_input_goes(
    client, texts, feedback_page, space, lead, invitation
):
    client.post(participant_page(invitation), {"text": "Een zitbank.", "consent_quote": "on"})
    item = InputItem.objects.get(invitation=invitation)
    item.is_public, item.public_summary = True, "Een ouder vraagt een zitbank."
    item.save()
    assert "vraagt een zitbank" in client.get(feedback_page.url).content.decode()
    login(client, lead)
    detail = client.get(url(space, "invitation_detail", invitation.pk)).content.decode()
    assert "Toestemming van de deelnemer" in detail and "Intrekking noteren" in detail
    response = client.post(url(space, "invitation_consent", invitation.pk), {"purpose": "citeren"})
    assert response.status_code == 302
    newest = Consent.objects.filter(invitation=invitation, purpose="citeren").first()
    assert newest.given is False and newest.recorded_by == lead
    entry = ModelLogEntry.objects.filter(action=accesslog.CONSENT_WITHDRAWN).get()
    assert entry.user == lead and entry.data["space_id"] == space.pk
    client.logout()
    assert "vraagt een zitbank" not in client.get(feedback_page.url).content.decode()


def test_only_the_spaces_leads_note_a_withdrawal(
    client, texts, space, other_space, member, invitation
):
    consent.record(space=space, purpose="citeren", given=True, invitation=invitation)
    other_lead = UserFactory(username="andere-trekker")
    other_lead.groups.add(other_space.member_group, other_space.lead_group)
    for who in (member, other_lead):
        login(client, who)
        response = client.post(
            url(space, "invitation_consent", invitation.pk), {"purpose": "citeren"}
        )
        assert response.status_code == 403
    assert Consent.objects.filter(given=False).count() == 0


def test_a_forged_purpose_on_the_withdrawal_gets_a_message(client, texts, space, lead, invitation):
    login(client, lead)
    response = client.post(
        url(space, "invitation_consent", invitation.pk), {"purpose": "alles"}, follow=True
    )
    assert "Deze toestemming bestaat niet" in response.content.decode()
    assert not Consent.objects.exists()


def test_another_spaces_invitation_is_not_found(client, texts, space, other_space, lead):
    foreign = invitations.create(other_space, purpose="input")
    login(client, lead)
    response = client.post(url(space, "invitation_consent", foreign.pk), {"purpose": "citeren"})
    assert response.status_code == 404


# --- the access log -----------------------------------------------------------------------


def test_every_change_is_logged_without_content(client, texts, space, member):
    login(client, member)
    post_choice(client, space, "citeren", "ja")
    post_choice(client, space, "citeren", "nee")
    entries = ModelLogEntry.objects.filter(
        action__in=[accesslog.CONSENT_GIVEN, accesslog.CONSENT_WITHDRAWN]
    ).order_by("pk")
    assert [entry.action for entry in entries] == [
        accesslog.CONSENT_GIVEN,
        accesslog.CONSENT_WITHDRAWN,
    ]
    for entry in entries:
        assert entry.object_id == str(member.pk) and entry.user == member
        assert entry.data["purpose"] == "citeren" and entry.data["version"] == 1
        assert entry.data["space_id"] == space.pk
        assert QUOTE_TEXT not in str(entry.data) and member.email not in str(entry.data)
    assert set(accesslog.entries_about(member)) >= set(entries)  # for *Mijn gegevens*


@pytest.mark.parametrize("name", ["member", "lead"])
def test_members_and_leads_cannot_read_the_consent_log(request, client, texts, space, member, name):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    login(client, request.getfixturevalue(name))
    report = client.get(reverse("werkgroepen_access_log"))
    assert report.status_code in (302, 403)
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    html = history.content.decode() if history.status_code == 200 else ""
    assert "Toestemming gegeven" not in html


def test_the_coordinator_reads_the_consent_log(client, texts, space, member, coordinator):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    login(client, coordinator)
    html = client.get(reverse("werkgroepen_access_log_results")).content.decode()
    assert "Toestemming gegeven" in html


# --- export and erasure ---------------------------------------------------------------------


def test_consent_section_lists_only_the_persons_own_history(texts, space, member, lead):
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    consent.record(space=space, purpose="citeren", given=False, user=member, actor=lead)
    consent.record(space=space, purpose="foto", given=True, user=lead, actor=lead)
    section = consent.consent_section(member)
    assert section["key"] == "werkgroepen.consents"
    rows = section["rows"]
    assert [(row["purpose"], row["choice"]) for row in rows] == [
        ("citeren zonder naam op de terugkoppelpagina", "ja"),
        ("citeren zonder naam op de terugkoppelpagina", "nee"),
    ]
    assert rows[0]["space"] == "Participatie" and rows[0]["text"] == QUOTE_TEXT
    assert rows[0]["noted_by"] == "" and rows[1]["noted_by"] == "een trekker"
    assert "Koen" not in str(rows)
    assert {key for key, _label in section["columns"]} == set(rows[0])


def test_a_participants_consents_are_exported_and_erased_by_invitation(
    texts, space, lead, invitation
):
    consent.record(space=space, purpose="citeren", given=True, invitation=invitation)
    consent.record(space=space, purpose="citeren", given=False, invitation=invitation, actor=lead)
    rows = consent.invitation_consent_section([invitation.pk])["rows"]
    assert [row["choice"] for row in rows] == ["ja", "nee"]
    assert consent.erase_invitation_consents([invitation.pk]) == (1, 1)
    assert not Consent.objects.filter(invitation=invitation).exists()
    assert Consent.objects.get().given is False


def test_erasure_deletes_given_rows_and_keeps_withdrawals_without_the_person(
    texts, space, member, lead, feedback_page, client, quoted_item
):
    consent.record(space=space, purpose="foto", given=True, user=member, actor=member)
    consent.record(space=space, purpose="citeren", given=True, user=member, actor=member)
    consent.record(space=space, purpose="foto", given=False, user=member, actor=lead)
    assert "zitbank" in client.get(feedback_page.url).content.decode()
    deleted, anonymised = consent.erase_consents(member)
    assert (deleted, anonymised) == (2, 1)
    assert not Consent.objects.filter(user=member).exists()
    kept = Consent.objects.get()
    assert kept.given is False and kept.user is None and kept.recorded_by is None
    assert consent.consent_section(member)["rows"] == []
    assert "zitbank" not in client.get(feedback_page.url).content.decode()
