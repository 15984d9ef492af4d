"""Search that forgives spelling (search.spelling): a word that finds nothing is
corrected from the portal's own words, as far as the searcher may see them."""

import pytest
from django.utils.html import strip_tags

from search import spelling
from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory
from tests.portal.factories import UserFactory
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory, translate
from tests.werkgroepen.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory


@pytest.fixture
def kennisbank(home_page):
    return KennisbankIndexPageFactory(parent=home_page)


def method(kennisbank, title, lead="", **fields):
    return MethodPageFactory(parent=kennisbank, title=title, lead=lead, **fields)


def test_a_misspelled_word_shows_the_results_of_its_correction(kennisbank, search_json):
    method(kennisbank, "Kinderopvang tijdens de vergadering", "Wie past op de kinderen?")
    answer = search_json("kinderopvnag")
    assert answer["did_you_mean"] == "kinderopvang"
    assert answer["query"] == "kinderopvnag"
    assert titles(answer) == ["Kinderopvang tijdens de vergadering"]


def test_the_search_page_says_what_it_searched_for_instead(kennisbank, client):
    method(kennisbank, "Een tolk bij het onthaal")
    html = client.get("/nl/zoeken/", {"q": "Onthaall"}).content.decode()
    assert "Bedoelde je:" in html
    assert '<strong dir="auto">Onthaal</strong>' in html
    assert "Met \u2018Onthaall\u2019 vonden we niets." in html
    assert "Een tolk bij het onthaal" in strip_tags(html)  # marked: <mark>onthaal</mark>


def test_a_word_that_finds_something_is_not_corrected(kennisbank, search_json):
    method(kennisbank, "Een kas voor de buurt", "Samen groenten kweken.")
    for number in range(4):
        method(kennisbank, f"Kansen voor kinderen {number}", "Elke kans telt.")
    answer = search_json("kas")
    assert "did_you_mean" not in answer
    assert titles(answer) == ["Een kas voor de buurt"]


def test_stemmed_and_compound_forms_are_not_corrected(kennisbank, search_json):
    method(kennisbank, "Kinderopvang voor elk gezin")
    for query in ("gezinnen", "opvang", "kinderopvang"):
        answer = search_json(query)
        assert "did_you_mean" not in answer, query
        assert "Kinderopvang voor elk gezin" in titles(answer), query


def test_nothing_close_means_no_correction(kennisbank, search_json):
    method(kennisbank, "Een tolk bij het onthaal")
    answer = search_json("zwembadabonnement")
    assert "did_you_mean" not in answer
    assert answer["total"] == 0


def test_a_misspelled_word_among_good_ones_is_offered_as_a_link(kennisbank, search_json, client):
    method(kennisbank, "Een tolk bij het onthaal")
    method(kennisbank, "Vervoer naar de vergadering")
    answer = search_json("tolk vervore")
    assert answer["did_you_mean"] == "tolk vervoer"
    # The results stay those of what was typed (any of its words).
    assert titles(answer) == ["Een tolk bij het onthaal"]
    html = client.get("/nl/zoeken/", {"q": "tolk vervore"}).content.decode()
    assert 'href="?q=tolk+vervoer' in html


def test_quotes_and_exclusions_stay_as_typed(kennisbank):
    method(kennisbank, "Kinderopvang tijdens de vergadering")
    method(kennisbank, "Een tolk bij het onthaal")
    assert spelling.correct(None, '"kinderopvnag" -Tolk', ["nl"]) == '"kinderopvang" -Tolk'
    assert spelling.correct(None, "Kinderopvnag", ["nl"]) == "Kinderopvang"


def test_the_closest_word_wins_then_the_most_frequent(kennisbank, search_json):
    method(kennisbank, "Huurwaarborg", "Over de huurwaarborg.")
    for number in range(3):
        method(kennisbank, f"Huurwaarborgen {number}", "Meer huurwaarborgen.")
    # One edit from "huurwaarborg", two from "huurwaarborgen" (found more often).
    answer = search_json("huurwarborg")
    assert answer["did_you_mean"] == "huurwaarborg"


def test_corrections_come_from_the_searched_language(kennisbank, search_json):
    page = method(kennisbank, "Een tolk bij het onthaal")
    translate(page, "fr", title="Accueil avec interprète", lead="Un interprète aide.")
    assert search_json("interprete", taal="fr")["total"] == 1
    answer = search_json("interpretee", taal="nl")
    assert "did_you_mean" not in answer
    answer = search_json("interpretee", language="fr", taal="fr")
    assert answer["did_you_mean"] == "interprète"


def test_other_content_languages_are_corrected_too(kennisbank, search_json):
    page = method(kennisbank, "Een woning zoeken")
    translate(page, "pl", title="Szukanie mieszkania", lead="Pomoc w szukaniu mieszkania.")
    translate(page, "ar", title="البحث عن سكن", lead="مساعدة العائلة في البحث عن سكن")
    assert search_json("mieszkanai", language="pl", taal="pl")["did_you_mean"] == "mieszkania"
    assert search_json("العائلت", language="ar", taal="ar")["did_you_mean"] == "العائلة"


# --- privacy ---------------------------------------------------------------------------


@pytest.fixture
def space(home_page, role_groups):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    space = WorkingGroupPageFactory(parent=index, title="Werkgroep Wonen", slug="wonen")
    member = UserFactory(username="lid-wonen")
    member.save()
    member.groups.add(space.member_group)
    PortalDocumentFactory(
        title="Verslag",
        collection=space.collection,
        extracted_text="Het verhaal van Dzjamilla over de wachtlijst.",
    )
    return {"page": space, "member": member}


def test_a_word_only_in_a_private_space_is_never_offered_outside_it(kennisbank, space, search_json):
    outsider = UserFactory()
    for user in (None, outsider):
        answer = search_json("Dzjamila", user=user)
        assert "did_you_mean" not in answer
        assert answer["total"] == 0
    answer = search_json("Dzjamila", user=space["member"])
    assert answer["did_you_mean"] == "Dzjamilla"
    assert titles(answer) == ["Verslag"]


def test_a_private_word_never_beats_a_public_one_outside_the_space(kennisbank, space, search_json):
    method(kennisbank, "Djamila vertelt", "Een getuigenis.")
    # One edit from the space's "dzjamilla", two from the public "djamila".
    assert search_json("dzjamilaa")["did_you_mean"] == "djamila"
    assert search_json("dzjamilaa", user=space["member"])["did_you_mean"] == "dzjamilla"


def test_a_form_only_a_space_holds_is_not_offered_for_a_public_form_of_it(
    kennisbank, space, search_json
):
    """The space's "wachtlijst" and the public "wachtlijsten" share a stem: the
    singular finds the public page, but only the form the page holds is offered."""
    method(kennisbank, "Wachtlijsten bij het OCMW")
    assert search_json("wachtlijst")["total"] == 1
    assert "did_you_mean" not in search_json("wachtlijts")
    assert search_json("wachtlijts", user=space["member"])["did_you_mean"] == "wachtlijst"


def test_a_private_word_typed_outside_the_space_is_treated_as_unknown(
    kennisbank, space, search_json
):
    """Whether and how a word is corrected must not tell an outsider that it exists
    in a space: for them, a word of the space is as unknown as a word of nowhere."""
    method(kennisbank, "Djamila vertelt", "Een getuigenis.")
    private_word = search_json("dzjamilla")
    unknown_word = search_json("dzjamilda")
    assert private_word["did_you_mean"] == unknown_word["did_you_mean"] == "djamila"
    assert titles(private_word) == titles(unknown_word) == ["Djamila vertelt"]
    assert "did_you_mean" not in search_json("dzjamilla", user=space["member"])
