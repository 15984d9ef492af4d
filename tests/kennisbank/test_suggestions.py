"""The importer proposes themes, target groups and methods from a sheet's own words,
compared by stem with each term's name and signal words."""

import pytest
from wagtail.models import Locale

from kennisbank.importer.parser import parse
from kennisbank.importer.suggest import suggest
from search.api import stems
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    MethodPageFactory,
    TargetGroupFactory,
    ThemeFactory,
)

DEBT_CAFE = """Elke dinsdag is er een schuldencafé in het sociaal huis.

Boom: een café over schulden

Doelstelling

Mensen praten in vertrouwen over hun energiefacturen en hun afbetalingsplannen. Een
ervaringsdeskundige onthaalt de bezoekers.

Bereik

Twintig bezoekers per maand, vooral alleenstaande moeders.

Hindernis

• Schaamte houdt mensen weg.

Tip

• Neem de energiefacturen mee naar het café.
• Maak samen een afbetalingsplan op.

Meer

Contactpersoon: Sofie Peeters, maatschappelijk werker

Contactgegevens: sofie@boom.example
"""

BICYCLE_WORKSHOP = """Jongeren en buren herstellen samen fietsen.

Kapellen: een fietsatelier in de buurt

Doelstelling

In het fietsatelier leren jongeren een band plakken en remmen afstellen. Wie geen
fiets heeft, krijgt er een van het atelier.

Bereik

Dertig fietsen per maand, voor de hele buurt.

Tip

• Vraag een fietsenmaker als vrijwilliger.
• Zorg voor genoeg binnenbanden.

Meer

Contactpersoon: Jan Wouters
"""


@pytest.fixture
def terms(kennisbank):
    return {
        "debts": ThemeFactory(
            name="Schulden", keywords="schulden, afbetalingsplan, energiefactuur, budgetbeheer"
        ),
        "education": ThemeFactory(name="Onderwijs"),
        "single_parents": TargetGroupFactory(
            name="Alleenstaande ouders",
            keywords="alleenstaande moeder, alleenstaande vader\neenoudergezin",
        ),
        "peer": MethodPageFactory(
            parent=kennisbank,
            title="Ervaringsdeskundige",
            keywords="ervaringsdeskundige, eigen ervaring met armoede",
        ),
    }


def test_a_sheet_about_a_debt_cafe_gets_the_debt_theme_and_single_parents(kennisbank, terms):
    suggested = suggest(parse(DEBT_CAFE), kennisbank)
    assert suggested == {
        "themes": [terms["debts"]],
        "target_groups": [terms["single_parents"]],
        "methods": [terms["peer"]],
    }


def test_a_sheet_about_a_bicycle_workshop_gets_nothing(kennisbank, terms):
    suggested = suggest(parse(BICYCLE_WORKSHOP), kennisbank)
    assert suggested == {"themes": [], "target_groups": [], "methods": []}


def test_a_single_mention_of_one_keyword_is_no_evidence(kennisbank, terms):
    sheet = parse(
        BICYCLE_WORKSHOP.replace("Dertig fietsen", "Dertig fietsen en één afbetalingsplan")
    )
    assert suggest(sheet, kennisbank)["themes"] == []
    twice = BICYCLE_WORKSHOP.replace("Dertig fietsen", "Dertig fietsen en één afbetalingsplan")
    twice = twice.replace("genoeg binnenbanden", "genoeg binnenbanden en energiefacturen")
    assert suggest(parse(twice), kennisbank)["themes"] == [terms["debts"]]


def test_a_term_without_keywords_matches_on_its_name(kennisbank, terms):
    sheet = parse(BICYCLE_WORKSHOP.replace("voor de hele buurt", "ook uit het onderwijs"))
    assert suggest(sheet, kennisbank)["themes"] == [terms["education"]]


def test_stop_words_in_keywords_never_match(kennisbank, terms):
    ThemeFactory(name="Wonen", keywords="in de, het, van een, een huis")
    assert suggest(parse(BICYCLE_WORKSHOP), kennisbank)["themes"] == []


def test_the_contact_block_and_the_organisation_are_not_the_sheet_s_words(kennisbank, terms):
    sheet = parse(
        BICYCLE_WORKSHOP.replace(
            "Contactpersoon: Jan Wouters",
            "Contactpersoon: Jan Wouters, schuldhulp en budgetbeheer\n\n"
            "Website: www.schulden-en-onderwijs.example",
        ).replace("Kapellen: een", "Organisatie: Schuldhulp Onderwijs vzw\n\nKapellen: een")
    )
    assert sheet.organisation == "Schuldhulp Onderwijs vzw"
    assert suggest(sheet, kennisbank)["themes"] == []


def test_only_terms_in_the_kennisbank_s_language_are_proposed(kennisbank, terms):
    french = Locale.objects.get(language_code="fr")
    ThemeFactory(name="Dettes", slug="schulden", locale=french, keywords="schulden, energiefactuur")
    archive = KennisbankIndexPageFactory(parent=kennisbank.get_parent(), slug="archief")
    MethodPageFactory(parent=archive, title="Ervaringsdeskundige", keywords="schulden")
    suggested = suggest(parse(DEBT_CAFE), kennisbank)
    assert suggested["themes"] == [terms["debts"]]
    assert suggested["methods"] == [terms["peer"]]


def test_at_most_three_per_kind_best_first(kennisbank, terms):
    weak = ThemeFactory(name="Vertrouwen")  # its name once
    strong = ThemeFactory(name="Energie", keywords="energiefactuur, bezoeker, café")
    ThemeFactory(name="Mensen")  # its name twice
    suggested = suggest(parse(DEBT_CAFE), kennisbank)["themes"]
    assert len(suggested) == 3
    assert suggested[0] == strong
    assert weak not in suggested


def test_stems_fold_plurals_and_give_the_parts_of_compounds():
    assert stems("gezinnen", "nl") == stems("gezin", "nl")
    assert stems("schulden", "nl") == stems("schuld", "nl")
    assert stems("energiefacturen", "nl")[0] == stems("energiefactuur", "nl")[0]
    [schuld] = stems("schuld", "nl")
    assert schuld in stems("schuldhulpverlening", "nl")[1:]
    [gezin] = stems("gezin", "nl")
    assert gezin in stems("gezinsbegeleiding", "nl")[1:]


def test_stems_can_leave_out_stop_words():
    assert stems("hulp bij de schulden", "nl", drop_stopwords=True) == stems("hulp schulden", "nl")
    assert len(stems("hulp bij de schulden", "nl")) == 4
