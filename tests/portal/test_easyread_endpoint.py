"""POST /admin/leesbaarheid/: the readability measures as JSON, for the admin only."""

import pytest

from tests.portal.easyread_factories import GlossaryTermFactory
from tests.portal.factories import UserFactory

URL = "/admin/leesbaarheid/"
TEXT = "Bel het sociaal huis. Maak een afspraak. Neem je identiteitskaart mee."


@pytest.fixture
def editor(role_groups):
    return UserFactory(username="redacteur-test", groups=["Redacteur"])


def test_editor_gets_the_measures(client_for, editor):
    response = client_for(editor).post(URL, {"text": TEXT, "lang": "nl"})
    assert response.status_code == 200
    data = response.json()
    assert data["sentences"] == 3
    assert data["words"] == 11
    assert data["reading_ease"] == 84.4
    assert data["verdict"] == "easy"
    assert data["verdict_label"] == "Eenvoudige taal"
    assert data["thresholds"]["easy"]["min_reading_ease"] == 80
    assert data["thresholds"]["long_sentence_words"] == 15


def test_rare_words_say_whether_they_are_in_the_glossary(client_for, editor):
    GlossaryTermFactory(term="leefloon", explanation="Geld van het OCMW.")
    data = (
        client_for(editor)
        .post(URL, {"text": "Het OCMW betaalt een leefloon.", "lang": "nl"})
        .json()
    )
    rare = {item["word"]: item for item in data["rare_words"]}
    assert rare["leefloon"]["in_glossary"] is True
    assert rare["leefloon"]["add_url"] is None
    assert rare["OCMW"]["in_glossary"] is False
    assert rare["OCMW"]["add_url"].startswith("/admin/snippets/portal/glossaryterm/add/?term=OCMW")


def test_anonymous_and_partners_get_no_measures(client, client_for, partner):
    assert client.post(URL, {"text": TEXT}).status_code == 302
    response = client_for(partner).post(URL, {"text": TEXT})
    assert response.status_code in (302, 403)
    assert "sentences" not in response.content.decode()


def test_get_is_not_allowed(client_for, editor):
    assert client_for(editor).get(URL).status_code == 405


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x" * 100_001, "lang": "nl"}, "te lang"),
        ({"text": "Hallo.", "lang": "xx"}, "taal"),
    ],
)
def test_bad_input_gives_a_dutch_message_not_an_error(client_for, editor, data, message):
    response = client_for(editor).post(URL, data)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_empty_text_and_missing_language_are_fine(client_for, editor):
    data = client_for(editor).post(URL, {}).json()
    assert data["sentences"] == 0
    assert data["verdict"] is None
    assert data["lang"] == "nl"


def test_csrf_is_required(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(URL, {"text": TEXT}).status_code == 403
