"""Relevance cases: Dutch queries and the page a person would want first.

``mean_reciprocal_rank(cases, search)`` runs each query through the real search (as
a given user, all languages off: the visitor's Dutch) and averages 1/rank of the
wanted title in the grouped results (0 when it is not in the first 10).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    query: str
    wanted: str  # the title of the result a person wants first
    user: str = "partner"  # who searches (a demo account for the demo cases)


def reciprocal_rank(found_titles, wanted):
    for rank, title in enumerate(found_titles[:10], start=1):
        if title == wanted:
            return 1.0 / rank
    return 0.0


def mean_reciprocal_rank(cases, search):
    """(MRR, [(case, rank or None, first three titles)]) for ``search(case) -> titles``."""
    report, total = [], 0.0
    for case in cases:
        found = search(case)
        rr = reciprocal_rank(found, case.wanted)
        total += rr
        report.append((case, round(1 / rr) if rr else None, found[:3]))
    return total / len(cases), report


def describe(report):
    lines = []
    for case, rank, top in report:
        mark = "ok " if rank == 1 else f"#{rank}" if rank else "-- "
        lines.append(f"{mark} {case.query!r} -> {case.wanted!r}; top: {top}")
    return "\n".join(lines)


# --- a corpus of our own (tests/search/test_relevance.py builds it) ---------------
# Each page: (kind, title, lead, body). Written for these tests; the distractors
# mention the query words in passing, as real pages do.

CORPUS = [
    (
        "method",
        "Sociaal tolken in het eerste gesprek",
        "Met een sociaal tolk begrijpen ouders en hulpverleners elkaar vanaf het begin.",
        "Vraag de tolk een week vooraf aan bij de tolkendienst. Spreek de ouder aan, niet "
        "de tolk. Plan een half uur extra. Een tolk via de telefoon kan ook.",
    ),
    (
        "method",
        "Focusgroepen met ouders",
        "Een focusgroep brengt zes tot tien ouders samen rond één vraag.",
        "Nodig persoonlijk uit, zorg voor kinderopvang en vergoed de verplaatsing. Een "
        "ervaringsdeskundige begeleidt het gesprek mee.",
    ),
    (
        "method",
        "Ervaringsdeskundigen in armoede inzetten",
        "Een ervaringsdeskundige in armoede bouwt bruggen tussen gezinnen en diensten.",
        "Betaal ervaringsdeskundigen voor hun werk. Geef hen een vaste plaats in het "
        "overleg en neem hun advies mee in de beslissingen.",
    ),
    (
        "method",
        "Huisbezoeken bij gezinnen",
        "Bij gezinnen thuis langsgaan verlaagt de drempel naar hulp.",
        "Maak vooraf een afspraak en kom met twee. Luister eerst. Neem folders mee in "
        "eenvoudige taal. Vraag naar de energiefactuur en de huur.",
    ),
    (
        "method",
        "Buurtgesprekken op het plein",
        "Op een vaste dag staan partners met koffie op het plein.",
        "Mensen komen makkelijker langs op een bekende plek. Een tolk is soms aanwezig. "
        "Noteer vragen en geef binnen een week antwoord.",
    ),
    (
        "practice",
        "Energiefacturen samen bekijken in Mortsel",
        "Het sociaal huis en het CAW helpen gezinnen met hoge energiefacturen.",
        "Elke dinsdag kunnen gezinnen met hun facturen langskomen. Samen zoeken we een "
        "afbetalingsplan en kijken we of het sociaal tarief van toepassing is.",
    ),
    (
        "practice",
        "Huiswerkklas in de bibliotheek van Boom",
        "Vrijwilligers helpen kinderen met hun huiswerk, twee keer per week.",
        "Ouders die zelf geen Nederlands spreken, krijgen uitleg over de schoolbrieven. "
        "De bibliotheek zorgt voor een rustige ruimte.",
    ),
    (
        "practice",
        "Gezinscoach bij het OCMW van Niel",
        "Eén vaste coach voor elk gezin, in plaats van vijf hulpverleners.",
        "De gezinscoach kent het hele gezin en volgt alle dossiers op. Ouders vertellen "
        "hun verhaal maar één keer.",
    ),
    (
        "practice",
        "Ontmoetingsdag voor gezinnen in Schelle",
        "Een dag met spel, soep en informatie over de diensten in de gemeente.",
        "Partners staan met een stand. Kinderen spelen terwijl ouders vragen stellen. "
        "Een sociaal tolk vertaalt waar nodig.",
    ),
    (
        "practice",
        "Kinderopvang voor ouders in een opleiding",
        "Ouders die een cursus volgen, krijgen opvang voor hun jonge kinderen.",
        "Het Huis van het Kind regelt plaatsen bij onthaalouders in de buurt van de "
        "opleiding. Zo kunnen ouders naar de les.",
    ),
    (
        "easy",
        "Hulp bij je rekeningen",
        "Kan je je rekeningen niet betalen? Wij helpen je.",
        "Kom langs bij het sociaal huis. Neem je rekeningen mee. Samen maken we een plan.",
    ),
    (
        "easy",
        "Een tolk vragen",
        "Spreek je geen Nederlands? Je mag een tolk vragen.",
        "De tolk is gratis. De tolk vertelt niets door.",
    ),
    (
        "document",
        "Jaarverslag van het netwerk 2025",
        "Wat het netwerk in 2025 deed, in cijfers.",
        "We bereikten 412 gezinnen. De werkgroepen kwamen 38 keer samen. Het aantal "
        "aanvragen voor een sociaal tolk steeg.",
    ),
    (
        "document",
        "Draaiboek focusgroep",
        "Een stappenplan om een focusgroep te organiseren.",
        "Stap 1: kies een vraag. Stap 2: nodig ouders uit. Stap 3: zorg voor opvang.",
    ),
]

CORPUS_CASES = [
    Case("sociaal tolk", "Sociaal tolken in het eerste gesprek"),
    Case("tolk eerste gesprek", "Sociaal tolken in het eerste gesprek"),
    Case("tolkendienst", "Sociaal tolken in het eerste gesprek"),
    Case("focusgroep", "Focusgroepen met ouders"),
    Case("focusgroepen organiseren", "Draaiboek focusgroep"),
    Case("ervaringsdeskundige", "Ervaringsdeskundigen in armoede inzetten"),
    Case("ervaringsdeskundigen betalen", "Ervaringsdeskundigen in armoede inzetten"),
    Case("huisbezoek", "Huisbezoeken bij gezinnen"),
    Case("thuis langsgaan bij gezinnen", "Huisbezoeken bij gezinnen"),
    Case("energiefactuur", "Energiefacturen samen bekijken in Mortsel"),
    Case("hoge energiefacturen", "Energiefacturen samen bekijken in Mortsel"),
    Case("afbetalingsplan", "Energiefacturen samen bekijken in Mortsel"),
    Case("huiswerk", "Huiswerkklas in de bibliotheek van Boom"),
    Case("huiswerkbegeleiding bibliotheek", "Huiswerkklas in de bibliotheek van Boom"),
    Case("gezinscoach", "Gezinscoach bij het OCMW van Niel"),
    Case("één vaste hulpverlener per gezin", "Gezinscoach bij het OCMW van Niel"),
    Case("ontmoetingsdag", "Ontmoetingsdag voor gezinnen in Schelle"),
    Case("kinderopvang opleiding", "Kinderopvang voor ouders in een opleiding"),
    Case("huis van het kind", "Kinderopvang voor ouders in een opleiding"),
    Case("rekeningen niet betalen", "Hulp bij je rekeningen"),
    Case("buurtgesprek plein", "Buurtgesprekken op het plein"),
    Case("jaarverslag", "Jaarverslag van het netwerk 2025"),
    Case("hoeveel gezinnen bereikt", "Jaarverslag van het netwerk 2025"),
    Case("OCMW Niel", "Gezinscoach bij het OCMW van Niel"),
    Case('"sociaal tarief"', "Energiefacturen samen bekijken in Mortsel"),
]


# --- the demo content (manage.py load_demo) ---------------------------------------
# Queries a partner or a working-group member would type, and the page they want.

DEMO_CASES = [
    Case("focusgroep", "Focusgroep"),
    Case("focusgroep leefloon", "Niel: focusgroep over de leefloonaanvraag"),
    Case("ervaringsdeskundige", "Ervaringsdeskundige in armoede"),
    Case("ervaringsdeskundige sociaal huis", "Brasschaat: ervaringsdeskundige in het sociaal huis"),
    Case("oudercafé", "Oudercafé"),
    Case("oudercafe kinderopvang", "Kapellen: een oudercafé in de kinderopvang"),
    Case("vorming onthaal", "Vorming voor onthaalmedewerkers"),
    Case("onthaalmedewerkers mortsel", "Mortsel: vorming voor het onthaal van het sociaal huis"),
    Case("feedback inbreng", "Feedbackmoment: wat deden we met je inbreng?"),
    Case("samen eten", "Samen aan tafel"),
    Case("brugfiguur", "Huisbezoek door een brugfiguur"),
    Case("brugfiguur school", "Kapellen: brugfiguur in de basisschool"),
    Case("klankbordgroep", "Klankbordgroep"),
    Case("folder schuldhulp", "Schelle: klankbordgroep voor de nieuwe folder"),
    Case("fotovoice", "Fotovoice"),
    Case("fotovoice jongeren", "Kontich: fotovoice met jongeren"),
    Case("eettafel", "Boom: eettafel met inspraak"),
    Case("soep", "Hemiksem: soep op woensdag"),
    Case("huiswerkklas", "Edegem: huiswerkklas met een oudermoment"),
    Case("gezinsplan", "Schoten: één gezinsplan voor drie diensten"),
    Case("taalcafé nieuwkomers", "Wijnegem: taalcafé met de diensten aan tafel"),
    Case(
        "meegaan naar eerste afspraak",
        'Zandhoven: "ik ga mee" \u2013 begeleiding naar de eerste afspraak',
    ),
    Case("rekeningen niet betalen", "Je rekeningen betalen"),
    Case("schooltoeslag", "Geld voor school"),
    Case("uitpas kansentarief", "Goedkoop sporten en spelen"),
    Case("wat gebeurde er met mijn inbreng", "Wat gebeurde er met jouw inbreng?"),
    Case("gezinnendag voorbereiden", "Voorbereiding gezinnendag", user="lid"),
    Case("drempels in kaart", "Drempels in kaart brengen", user="coordinator"),
    Case("terugblik gezinnendag", "Terugblik gezinnendag", user="trekker"),
]
