"""The readability measures, checked against values computed by hand.

Syllables were counted by hand (te-ge-moet-ko-ming = 5) and agree with pyphen's
hyphenation for these texts; Flesch-Douma = 206.835 - 0.93 * ASL - 77 * ASW.
"""

import pytest

from easyread import readability
from easyread.readability import analyse, split_sentences, syllables, words

EASY = "Bel het sociaal huis. Maak een afspraak. Neem je identiteitskaart mee."
BUREAUCRATIC = (
    "Teneinde in aanmerking te komen voor een tegemoetkoming in de kosten van "
    "kinderopvang dient de aanvrager een volledig ingevuld aanvraagformulier, vergezeld "
    "van de vereiste bewijsstukken, binnen de voorgeschreven termijn aan de bevoegde "
    "dienst te bezorgen."
)
PLAIN_B1 = (
    "We komen elke maand samen met de ouders uit de buurt. "
    "Samen kiezen we wat we willen doen met het geld van de stad."
)


def test_easy_text_measures_match_the_hand_computation():
    # 3 sentences, 4 + 3 + 4 = 11 words; syllables bel het so-ci-aal huis (6),
    # maak een af-spraak (4), neem je iden-ti-teits-kaart mee (7) = 17.
    result = analyse(EASY, "nl")
    assert result.sentences == 3
    assert result.words == 11
    assert result.syllables == 17
    assert result.words_per_sentence == pytest.approx(11 / 3)
    expected = 206.835 - 0.93 * (11 / 3) - 77 * (17 / 11)  # 84.425
    assert result.reading_ease == pytest.approx(expected)
    assert round(result.reading_ease, 1) == 84.4
    assert result.long_words == ["identiteitskaart"]
    assert result.long_sentences == []
    assert result.verdict == "easy"


def test_bureaucratic_sentence_is_difficult_with_hand_computed_douma():
    # 35 words, 74 syllables counted by hand, one sentence.
    result = analyse(BUREAUCRATIC, "nl")
    assert (result.sentences, result.words, result.syllables) == (1, 35, 74)
    assert result.reading_ease == pytest.approx(206.835 - 0.93 * 35 - 77 * 74 / 35)
    assert round(result.reading_ease, 1) == 11.5
    assert result.long_sentences == [{"text": BUREAUCRATIC, "words": 35}]
    assert {"tegemoetkoming", "aanvraagformulier", "bewijsstukken"} <= set(result.long_words)
    assert result.verdict == "difficult"


def test_plain_text_with_twelve_words_per_sentence_is_b1_not_easy():
    # 24 words in 2 sentences, 15 + 16 = 31 syllables: Douma 96.2, but 12 > 10 words.
    result = analyse(PLAIN_B1, "nl")
    assert (result.sentences, result.words, result.syllables) == (2, 24, 31)
    assert round(result.reading_ease, 1) == 96.2
    assert result.verdict == "b1"


def test_one_long_sentence_keeps_a_text_out_of_easy_read():
    text = "Kom binnen. " * 5 + (
        "We helpen je graag met je vragen over geld, wonen, werk, school en de zorg voor je "
        "kinderen."
    )
    result = analyse(text, "nl")
    assert result.words_per_sentence <= 10
    assert [s["words"] for s in result.long_sentences] == [18]
    assert result.verdict != "easy"


def test_sentences_split_on_punctuation_and_lines_but_not_on_abbreviations():
    text = "Dat kost bv. 5 euro. Kom op dinsdag!\nGoed om te weten\n\nBel J. Peeters?"
    assert split_sentences(text) == [
        "Dat kost bv. 5 euro.",
        "Kom op dinsdag!",
        "Goed om te weten",
        "Bel J. Peeters?",
    ]


def test_words_keep_hyphens_and_apostrophes_and_skip_numbers():
    assert words("Stuur een e-mail, zo'n 3 keer per week.") == [
        "Stuur",
        "een",
        "e-mail",
        "zo'n",
        "keer",
        "per",
        "week",
    ]


@pytest.mark.parametrize(
    ("word", "count"),
    [("gezin", 2), ("armoede", 3), ("kinderen", 3), ("participatie", 5), ("huis", 1)],
)
def test_dutch_syllables(word, count):
    assert syllables(word, "nl") == count


def test_rare_words_include_acronyms_but_skip_names_inside_a_sentence():
    result = analyse(
        "Het OCMW helpt gezinnen met een leefloon. Sarah Claes legt uit hoe dat werkt.", "nl"
    )
    rare = [item["word"] for item in result.rare_words]
    assert "leefloon" in rare
    assert "OCMW" in rare
    assert "Claes" not in rare
    assert "gezinnen" not in rare
    assert all(item["zipf"] < readability.RARE_ZIPF for item in result.rare_words)


def test_empty_text_has_no_verdict():
    result = analyse("   \n ", "nl")
    assert result.sentences == 0
    assert result.verdict is None


def test_language_without_formula_still_counts_sentences():
    result = analyse("مرحبا بكم في البيت. نحن نساعد العائلات.", "ar")
    assert result.sentences == 2
    assert result.reading_ease is None
    assert result.verdict == "easy"


def test_french_uses_kandel_moles_constants():
    result = analyse("Le chat dort.", "fr")
    assert result.reading_ease == pytest.approx(
        207 - 1.015 * result.words_per_sentence - 73.6 * result.syllables_per_word
    )


def test_as_dict_is_json_ready_and_rounded():
    data = analyse(EASY, "nl").as_dict()
    assert data["reading_ease"] == 84.4
    assert data["syllables_per_word"] == 1.55
    assert data["verdict"] == "easy"
