"""Easy-read versions ("Eenvoudige taal") of three demo practices that families use.

Written for the families themselves, not for the professionals who read the full text:
what happens, where, who you meet, who you call. Short sentences, one idea each. The
facts are those of the practice in ``demo.kennisbank_data``. A pictogram block names
its picture (``demo.pictograms``); the builder puts the stored image in its place.
"""


def _contact(name, role, phone, email, when):
    return {
        "name": name,
        "role": role,
        "phone": phone,
        "email": email,
        "address": "",
        "opening_hours": when,
    }


# slug of the practice: its easy-read blocks (core.blocks.EasyReadStreamBlock).
PRACTICE_EASY_READ = {
    "hemiksem-soep": [
        (
            "pictogram",
            {
                "image": "soep",
                "alt_text": "Een kom warme soep met een lepel",
                "text": "Elke woensdag is er soep in het buurthuis van Hemiksem. "
                "Vrijwilligers van De Schakel maken de soep. "
                "Je mag gewoon binnenkomen.",
            },
        ),
        (
            "pictogram",
            {
                "image": "praten",
                "alt_text": "Twee tekstballonnen: twee mensen praten met elkaar",
                "text": "Je ontmoet er mensen uit de buurt. "
                "Je kan praten over wat je bezighoudt. "
                "Elke week komen er ongeveer dertig mensen.",
            },
        ),
        (
            "good_to_know",
            {
                "text": "Om de twee weken komt ook iemand van het OCMW. "
                "Die persoon heeft geen computer en geen papieren bij. "
                "Je kan je vragen stellen. "
                "Bijvoorbeeld over je huur of over gas en licht."
            },
        ),
        (
            "paragraph",
            {
                "text": "Naast de soep staat een kast met spullen. "
                "Je mag daar gratis iets uit meenemen."
            },
        ),
        (
            "contact",
            _contact(
                "Fatima Ouali",
                "vrijwilliger van De Schakel",
                "0486 22 33 44",
                "deschakel@hemiksem.example",
                "Op woensdag in het buurthuis",
            ),
        ),
    ],
    "kapellen-brugfiguur-school": [
        (
            "paragraph",
            {
                "text": "Nora staat elke ochtend aan de schoolpoort. "
                "Ze kent de ouders bij naam. "
                "Nora is er voor jou als ouder."
            },
        ),
        (
            "pictogram",
            {
                "image": "vraag",
                "alt_text": "Een tekstballon met een vraagteken",
                "text": "Heb je een vraag? Dan kan je meteen bij Nora terecht. "
                "Je hoeft geen afspraak te maken.",
            },
        ),
        (
            "steps",
            {
                "heading": "Zo vraag je hulp",
                "steps": [
                    "Spreek Nora aan aan de schoolpoort.",
                    "Vertel wat je vraag is.",
                    "Nora zoekt samen met jou wie je verder helpt.",
                ],
            },
        ),
        (
            "paragraph",
            {
                "text": "Nora helpt je bijvoorbeeld met geld voor de school. "
                "Of met opvang voor je kind."
            },
        ),
        (
            "good_to_know",
            {
                "text": "Er zijn afspraken op papier. "
                "Daarin staat wat Nora aan de school mag vertellen."
            },
        ),
        (
            "contact",
            _contact(
                "Nora El Idrissi",
                "sociaal huis Kapellen",
                "03 660 12 30",
                "nora@kapellen.example",
                "Elke ochtend aan de schoolpoort",
            ),
        ),
    ],
    "edegem-huiswerk": [
        (
            "pictogram",
            {
                "image": "kind",
                "alt_text": "Een kind met een boekentas in de hand",
                "text": "In de huiswerkklas krijgt je kind hulp bij het huiswerk. "
                "Vrijwilligers helpen de kinderen. "
                "Veel van hen waren vroeger leraar.",
            },
        ),
        (
            "steps",
            {
                "heading": "Zo gaat het",
                "steps": [
                    "Je kind maakt zijn huiswerk in de huiswerkklas.",
                    "Daarna kom je je kind ophalen.",
                    "Je blijft een half uur om te praten.",
                ],
            },
        ),
        (
            "paragraph",
            {
                "text": "Je praat met de vrijwilligers. "
                "Je hoort hoe het gaat met je kind. "
                "Je kan ook zelf iets vertellen."
            },
        ),
        (
            "good_to_know",
            {
                "text": "Eén keer per maand komt ook iemand van de school. "
                "Je kan die persoon al je vragen over school stellen."
            },
        ),
        (
            "pictogram",
            {
                "image": "telefoon",
                "alt_text": "Een gsm die geluid maakt",
                "text": "Kan je je kind niet zelf ophalen? "
                "Dan krijg je een bericht op je telefoon. "
                "Je luistert naar het bericht. "
                "Je hoeft dus niets te lezen.",
            },
        ),
        (
            "contact",
            _contact(
                "Marc Wuyts",
                "vrijwilliger van de huiswerkklas",
                "0472 98 76 54",
                "dekleinestap@boom.example",
                "",
            ),
        ),
    ],
}
