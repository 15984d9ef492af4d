"""The input tracker in the space and the public feedback page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from access import roles
from kennisbank.models import Theme
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import FeedbackPageFactory, InputItemFactory
from werkgroepen.models import FeedbackPage, InputItem


@pytest.fixture
def theme(db):
    return Theme.objects.create(
        name="Toegang tot hulp", slug="toegang", locale=Locale.get_default()
    )


def inputs_url(space, name="inputs", *args):
    return space.url + space.reverse_subpage(name, args=args or None)


# --- tracker --------------------------------------------------------------------------


def test_lead_records_input_and_follows_it_up(client, space, lead, meeting, theme):
    client = login(client, lead)
    response = client.post(
        inputs_url(space, "input_add"),
        {
            "received_on": "2026-10-05",
            "meeting": meeting.pk,
            "theme": theme.pk,
            "text": "Een papa vertelt dat hij de brief over de schoolfactuur niet begreep.",
            "status": "received",
        },
    )
    assert response.status_code == 302
    item = InputItem.objects.get()
    assert item.space == space and item.created_by == lead and item.meeting == meeting
    response = client.post(
        inputs_url(space, "input_edit", item.pk),
        {
            "received_on": "2026-10-05",
            "text": item.text,
            "status": "not_taken_up",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert "Leg uit waarom" in response.content.decode()
    client.post(
        inputs_url(space, "input_edit", item.pk),
        {
            "received_on": "2026-10-05",
            "text": item.text,
            "status": "done",
            "outcome": "De school schrijft de brief nu in eenvoudige taal.",
        },
    )
    item.refresh_from_db()
    assert item.status == "done"


def test_an_item_made_public_needs_a_public_text():
    item = InputItem(text="Mevrouw Janssens zegt ...", is_public=True, public_summary="")
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert "public_summary" in error.value.message_dict


def test_members_read_the_tracker_but_cannot_change_it(client, space, member):
    item = InputItemFactory(space=space)
    client = login(client, member)
    html = client.get(inputs_url(space)).content.decode()
    assert "brief van het OCMW" in html
    assert client.get(inputs_url(space, "input_add")).status_code == 403
    assert client.get(inputs_url(space, "input_edit", item.pk)).status_code == 403


def test_tracker_shows_only_this_spaces_items_and_filters_by_status(
    client, space, other_space, lead
):
    InputItemFactory(space=space, text="Eigen inbreng", status="done")
    InputItemFactory(space=space, text="Nog open", status="received")
    InputItemFactory(space=other_space, text="Van een andere groep")
    client = login(client, lead)
    html = client.get(inputs_url(space)).content.decode()
    assert "Eigen inbreng" in html and "Van een andere groep" not in html
    html = client.get(inputs_url(space), {"stand": "done"}).content.decode()
    assert "Eigen inbreng" in html and "Nog open" not in html
    assert client.get(inputs_url(space), {"stand": "<script>"}).status_code == 200


def test_a_long_tracker_is_paged_and_keeps_the_status_filter(client, space, lead):
    from tests.werkgroepen.test_documents import next_page_link
    from werkgroepen.views.inputs import PER_PAGE

    today = timezone.localdate()
    for n in range(PER_PAGE + 2):  # "Punt 00" the oldest
        InputItemFactory(
            space=space,
            text=f"Punt {n:02d}",
            status="done",
            received_on=today - timezone.timedelta(days=PER_PAGE + 2 - n),
        )
    InputItemFactory(space=space, text="Nog open punt", status="received")
    client = login(client, lead)
    first = client.get(inputs_url(space), {"stand": "done"}).content.decode()
    assert f"Punt {PER_PAGE + 1:02d}" in first and "Punt 00" not in first
    assert "Nog open punt" not in first
    link = next_page_link(first)
    assert link and "stand=done" in link
    second = client.get(inputs_url(space) + link).content.decode()
    assert "Punt 00" in second and "Punt 01" in second and "Nog open punt" not in second
    assert f"Punt {PER_PAGE + 1:02d}" not in second
    assert next_page_link(second) is None
    # Not a number: the first page; a number out of range: the last (Django's get_page).
    html = client.get(inputs_url(space), {"page": "abc", "stand": "done"}).content.decode()
    assert f"Punt {PER_PAGE + 1:02d}" in html and "Punt 00" not in html
    for odd in ("-1", "9" * 30):
        html = client.get(inputs_url(space), {"page": odd, "stand": "done"}).content.decode()
        assert "Punt 00" in html and f"Punt {PER_PAGE + 1:02d}" not in html


def test_item_of_another_space_cannot_be_edited_through_this_one(client, space, other_space, lead):
    foreign = InputItemFactory(space=other_space)
    response = login(client, lead).get(inputs_url(space, "input_edit", foreign.pk))
    assert response.status_code == 404


def test_open_items_show_on_the_space(client, space, member):
    InputItemFactory(space=space, text="Zitbank aan de schoolpoort", status="in_progress")
    InputItemFactory(space=space, text="Al gedaan", status="done")
    html = login(client, member).get(space.url).content.decode()
    items = html.split("Open inbreng")[1]
    assert "Zitbank aan de schoolpoort" in items and "Al gedaan" not in items


# --- public page -----------------------------------------------------------------------


@pytest.fixture
def feedback_page(home_page):
    return FeedbackPageFactory(parent=home_page)


def test_feedback_page_is_public_grouped_by_theme_and_status_and_never_shows_names(
    client, feedback_page, space, theme
):
    InputItemFactory(
        space=space,
        theme=theme,
        text="Mevrouw Fatima El Idrissi vertelt over haar wachttijd.",
        public_summary="Mensen wachten lang op een afspraak.",
        status="in_progress",
        is_public=True,
    )
    InputItemFactory(
        space=space,
        theme=theme,
        public_summary="Ouders willen een kinderhoek in het wachtlokaal.",
        status="done",
        outcome="Er is nu een kinderhoek.",
        is_public=True,
    )
    InputItemFactory(
        space=space,
        public_summary="Een voorstel zonder thema.",
        status="not_taken_up",
        reason="Daar is geen geld voor.",
        is_public=True,
    )
    InputItemFactory(space=space, public_summary="Nog niet publiek.", is_public=False)
    response = client.get(feedback_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fatima" not in html and "El Idrissi" not in html
    assert "Nog niet publiek" not in html
    assert "Toegang tot hulp" in html
    section = html.split("Toegang tot hulp")[1].split("Andere onderwerpen")[0]
    assert section.index("Mensen wachten lang") < section.index("kinderhoek in het wachtlokaal")
    assert "We werken eraan" in section and "Het is gebeurd" in section
    assert "Er is nu een kinderhoek." in html
    assert "Daar is geen geld voor." in html
    assert "We doen het niet" in html
    assert space.title not in html  # the private group is not named publicly


def test_feedback_page_in_another_language_uses_translated_words(
    client, feedback_page, space, theme
):
    item = InputItemFactory(
        space=space, theme=theme, public_summary="Brieven zijn moeilijk.", is_public=True
    )
    french_locale = Locale.objects.get(language_code="fr")
    french_page = feedback_page.copy_for_translation(french_locale, copy_parents=True)
    french_page.save_revision().publish()
    translated = item.copy_for_translation(french_locale)
    translated.public_summary = "Les lettres sont difficiles."
    translated.save()
    other = InputItemFactory(space=space, public_summary="Nog niet vertaald.", is_public=True)
    french_theme = theme.copy_for_translation(french_locale)
    french_theme.name = "Accès à l'aide"
    french_theme.save()
    html = client.get(french_page.url).content.decode()
    assert "Les lettres sont difficiles." in html
    assert "Brieven zijn moeilijk." not in html
    assert other.public_summary in html  # falls back to Dutch
    assert "Accès à l&#x27;aide" in html or "Accès à l'aide" in html


def test_the_feedback_pages_queries_do_not_grow_with_its_items(
    client, feedback_page, space, theme, partner
):
    """Each theme's name in the page's language is read once for all its items (it was
    read again for every item). Logged in: no page cache in between."""
    client.force_login(partner)
    other_theme = Theme.objects.create(name="Wonen", slug="wonen")

    def add(first, count):
        for number in range(first, first + count):
            InputItemFactory(
                space=space,
                theme=(theme, other_theme)[number % 2],
                public_summary=f"Voorstel {number}.",
                status="in_progress",
                is_public=True,
            )

    add(0, 2)
    client.get(feedback_page.url)
    with CaptureQueriesContext(connection) as few:
        client.get(feedback_page.url)
    add(2, 10)
    client.get(feedback_page.url)  # what is kept per content version, read again
    with CaptureQueriesContext(connection) as many:
        html = client.get(feedback_page.url).content.decode()
    assert "Voorstel 11." in html and "Wonen" in html
    assert len(many) <= len(few), f"{len(few)} queries with 2 items, {len(many)} with 12"


def test_feedback_page_is_an_editorial_section(feedback_page, role_groups):
    from wagtail.models import GroupPagePermission

    roles.ensure_roles()
    assert GroupPagePermission.objects.filter(
        group__name=roles.REDACTEUR, page=feedback_page
    ).exists()
    assert FeedbackPage.editorial_root


def test_feedback_page_lives_under_the_start_page(home_page, index_page):
    assert FeedbackPage.can_create_at(home_page)
    assert not FeedbackPage.can_create_at(index_page)


@pytest.mark.parametrize("field", ["meeting", "theme"])
@pytest.mark.parametrize("number", ["99999999999999999999", "-99999999999999999999"])
def test_a_choice_too_big_for_the_database_is_a_form_error_and_keeps_the_text(
    client, space, lead, meeting, theme, field, number
):
    """A choice is sent as a number; one outside the database's integer range was a 500
    on SQLite (OverflowError) instead of the form again."""
    client = login(client, lead)
    story = "Een mama vertelt dat de wachtlijst voor de crèche haar werk kost."
    data = {"received_on": "2026-10-05", "text": story, "status": "received"}
    data.update({"meeting": meeting.pk, "theme": theme.pk, field: number})
    response = client.post(inputs_url(space, "input_add"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Selecteer een geldige keuze" in body
    assert story in body
    assert not InputItem.objects.exists()
