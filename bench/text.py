"""Varied, realistic Dutch text for the benchmark portal, from word lists and sentence
templates of our own. Deterministic for a given ``random.Random``.

The text matters for the measurements: search cost depends on how often a word
occurs, so the vocabulary has very common words (``gezin``, ``ouders``) and a few
rare ones (``RARE_WORD`` occurs in about one practice in 500) that the benchmark
searches for.
"""

import random

# A word that occurs in few practices (about one in RARE_EVERY): the "rare" search.
RARE_WORD = "kangoeroewoning"
RARE_EVERY = 500
# A word in almost every practice: the "common" search.
COMMON_WORD = "gezinnen"

MUNICIPALITIES = [
    "Aartselaar", "Antwerpen", "Boechout", "Boom", "Borsbeek", "Brasschaat", "Brecht",
    "Duffel", "Edegem", "Essen", "Hemiksem", "Hove", "Kalmthout", "Kapellen", "Kontich",
    "Lier", "Lint", "Malle", "Mechelen", "Mortsel", "Niel", "Ranst", "Rumst", "Schelle",
    "Schilde", "Schoten", "Stabroek", "Wijnegem", "Willebroek", "Wommelgem", "Wuustwezel",
    "Zandhoven", "Zoersel", "Zwijndrecht", "Herentals", "Geel", "Mol", "Turnhout",
    "Heist-op-den-Berg", "Nijlen", "Puurs-Sint-Amands", "Bornem", "Sint-Katelijne-Waver",
]  # fmt: skip

THEMES = [
    ("Samenwerking tussen diensten", "samenwerking"),
    ("Toegang tot hulp", "toegang"),
    ("Hulp op maat", "hulp-op-maat"),
    ("Wonen en energie", "wonen-energie"),
    ("Onderwijs en opvang", "onderwijs-opvang"),
    ("Gezondheid", "gezondheid"),
    ("Vrije tijd", "vrije-tijd"),
    ("Werk en inkomen", "werk-inkomen"),
    ("Voeding", "voeding"),
    ("Digitale inclusie", "digitale-inclusie"),
    ("Mobiliteit", "mobiliteit"),
    ("Participatie", "participatie"),
]
TARGET_GROUPS = [
    ("Gezinnen met jonge kinderen", "jonge-kinderen"),
    ("Alleenstaande ouders", "alleenstaande-ouders"),
    ("Nieuwkomers", "nieuwkomers"),
    ("Jongeren", "jongeren"),
    ("Grootouders", "grootouders"),
    ("Aanstaande ouders", "aanstaande-ouders"),
    ("Gezinnen in schuldbemiddeling", "schuldbemiddeling"),
    ("Gezinnen zonder vaste woonst", "zonder-woonst"),
]
METHOD_TYPES = [
    ("Focusgroep", "focusgroep"),
    ("Ervaringsdeskundigheid", "ervaringsdeskundigheid"),
    ("Ontmoetingsmoment", "ontmoeting"),
    ("Huisbezoek", "huisbezoek"),
    ("Vorming", "vorming"),
    ("Feedbackmoment", "feedback"),
    ("Klankbordgroep", "klankbord"),
    ("Samen koken en eten", "samen-eten"),
]
ORGANISATION_KINDS = [
    ("Sociaal huis", "formal"),
    ("CAW", "formal"),
    ("Huis van het Kind", "formal"),
    ("Centrum voor basiseducatie", "formal"),
    ("Jeugddienst", "formal"),
    ("Buurtwerk", "formal"),
    ("Vereniging waar armen het woord nemen", "informal"),
    ("Vrijwilligersgroep", "informal"),
    ("Oudercomité", "informal"),
    ("Voedselbedeling", "informal"),
]
METHOD_NAMES = [
    "Focusgroep met ouders", "Ervaringsdeskundige in het team", "Praatcafé",
    "Huisbezoek met twee", "Feedbackmoment na elke activiteit", "Samen aan tafel",
    "Klankbordgroep van gezinnen", "Fotovoice", "Buddywerking", "Wandelgesprek",
    "Vragenmuur", "Oudercafé", "Dialoogtafel", "Belronde", "Inspraakavond in de buurt",
    "Spelnamiddag", "Verhalen delen", "Open spreekuur", "Tolk aan tafel", "Dagboekmethode",
]  # fmt: skip

FIRST_NAMES = [
    "An", "Bram", "Chaima", "Dirk", "Els", "Fatma", "Geert", "Hanne", "Ilse", "Jan",
    "Karim", "Lien", "Mohamed", "Nele", "Oksana", "Pieter", "Rachida", "Sofie", "Tom",
    "Veerle", "Wim", "Yasmina", "Zeynep", "Kobe", "Marie", "Stijn", "Amina", "Joris",
]  # fmt: skip
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Vermeulen", "Van Damme", "El Amrani", "Yilmaz", "Kowalski",
    "Hermans", "Aerts", "Smets", "Verhoeven", "Benali", "Van den Broeck", "Lambrechts",
]  # fmt: skip
ROLES = [
    "coördinator kinderopvang", "maatschappelijk werker", "buurtwerker", "trajectbegeleider",
    "ervaringsdeskundige", "teamleider", "vrijwilliger", "onthaalmedewerker", "leerkracht",
    "jeugdwerker", "consulent wonen", "preventiewerker",
]  # fmt: skip

# Slots filled from the lists below.
WHO = [
    "ouders", "gezinnen", "alleenstaande moeders", "jonge gezinnen", "nieuwkomers",
    "grootouders", "jongeren", "vaders", "buurtbewoners", "gezinnen met schulden",
]  # fmt: skip
PARTNER = [
    "het sociaal huis", "het CAW", "de kinderopvang", "de school", "het Huis van het Kind",
    "de bibliotheek", "het buurtwerk", "de jeugddienst", "de huisarts", "het OCMW",
    "de vereniging waar armen het woord nemen", "basiseducatie", "de voedselbedeling",
]  # fmt: skip
ACTIVITY = [
    "een oudercafé", "een kookavond", "een spelnamiddag", "een wandeling door de wijk",
    "een infomoment over de energiefactuur", "een huiswerkklas", "een kledingruil",
    "een fietsatelier", "een computerles", "een praatgroep", "een budgetcursus",
    "een zomerkamp", "een moestuin", "een babbelbox", "een opvoedingsavond",
]  # fmt: skip
TOPIC = [
    "de energiefactuur", "de schoolkosten", "het groeipakket", "een sociale woning",
    "de huurwaarborg", "kinderopvang", "gezonde voeding", "de ziekteverzekering",
    "de UiTPAS", "digitale formulieren", "de verwarming", "vrijetijdsaanbod",
    "taalles", "werk zoeken", "schulden", "een huisarts vinden",
]  # fmt: skip
RESULT = [
    "komen vaker terug", "vinden sneller de weg naar hulp", "vragen eerder om steun",
    "leren elkaar kennen", "durven hun verhaal te vertellen", "voelen zich gehoord",
    "kennen hun rechten beter", "nemen zelf initiatief", "brengen vrienden mee",
]  # fmt: skip
FREQUENCY = [
    "elke week", "twee keer per maand", "elke woensdagnamiddag", "één keer per maand",
    "tijdens de schoolvakanties", "elke zaterdagvoormiddag", "op vrijdagavond",
]  # fmt: skip

LEAD = [
    "{Who} praten {frequency} bij {activity} over {topic}.",
    "{Partner} organiseert {frequency} {activity} voor {who}.",
    "Samen met {partner} zoeken {who} uit hoe het zit met {topic}.",
    "In {place} brengt {activity} {who} en {partner} samen.",
]
GOAL = [
    "{Who} leren {partner} kennen in een vertrouwde omgeving.",
    "Vragen over {topic} komen vroeg op tafel.",
    "{Partner} hoort sneller waar {who} mee worstelen.",
    "De drempel naar {partner} wordt lager.",
    "{Who} bepalen zelf mee wat er op de agenda staat.",
    "We willen dat {who} hun rechten rond {topic} kennen.",
]
REACH = [
    "Gemiddeld {n} {who} per keer, ook {who2}.",
    "Dit jaar namen {n} gezinnen deel, de helft voor het eerst.",
    "Er komen {n} deelnemers, vaak via {partner}.",
]
SIDE_TARGET = [
    "{Who} {result}.",
    "Deelnemers helpen elkaar ook buiten de activiteit, bijvoorbeeld met {topic}.",
    "Wie eerst alleen kwam, {result}.",
]
SIDE_PARTNERS = [
    "{Partner} en {partner2} werken nu vlotter samen.",
    "Medewerkers leren hoe {who} echt over {topic} denken.",
    "Doorverwijzen gaat sneller, omdat de partners elkaar kennen.",
]
OBSTACLES = [
    "Een vaste medewerker vrijmaken lukt niet altijd.",
    "Sommige {who} hebben geen vervoer naar de activiteit.",
    "De uitnodiging bereikt niet iedereen: niet elk gezin leest mails.",
    "Wie geen Nederlands spreekt, haakt snel af zonder tolk.",
    "De zaal is niet altijd beschikbaar.",
    "Er is geen budget voor kinderopvang tijdens de activiteit.",
    "Het is moeilijk om {who} te blijven bereiken na de eerste keer.",
    "Formulieren rond {topic} schrikken af.",
]
TIPS = [
    "Zorg voor koffie en iets lekkers.",
    "Hang een affiche met foto's op bij {partner}.",
    "Spreek {who} persoonlijk aan, een folder alleen volstaat niet.",
    "Voorzie opvang voor de kinderen.",
    "Vraag na elke keer wat beter kan en doe er iets mee.",
    "Werk samen met een ervaringsdeskundige.",
    "Kies een plek waar {who} al komen, zoals {partner}.",
    "Hou het klein: tien deelnemers is een goede groep.",
    "Leg uit wat er met de inbreng gebeurt.",
    "Maak afspraken over vervoer, bijvoorbeeld met {partner}.",
    "Gebruik eenvoudige taal en pictogrammen.",
    "Nodig een tolk uit als dat nodig is.",
]
INVOLVEMENT = [
    "Drie ouders dachten mee over de opzet en gaven feedback na elke sessie.",
    "Een ervaringsdeskundige van {partner} hielp de vragen te formuleren.",
    "{Who} kozen zelf het thema: {topic}.",
]
METHOD_BODY = [
    "Bij deze methode staan de ervaringen van {who} centraal.",
    "Plan genoeg tijd: een gesprek over {topic} heeft rust nodig.",
    "Nodig {partner} uit, maar laat de deelnemers het woord voeren.",
    "Sluit af met een duidelijk overzicht van wat er met de inbreng gebeurt.",
    "Een begeleider let erop dat iedereen aan bod komt.",
]
MEETING_AGENDA = [
    "Verslag van de vorige vergadering goedkeuren.",
    "Stand van zaken rond {topic}.",
    "Voorstel van {partner} bespreken.",
    "Feedback van {who} over {activity}.",
    "Planning van de volgende maanden.",
    "Varia en rondvraag.",
]


def capitalise(text):
    return text[:1].upper() + text[1:]


class Writer:
    """Fills the templates from the word lists."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items):
        return self.rng.choice(items)

    def sample(self, items, low, high):
        return self.rng.sample(items, self.rng.randint(low, min(high, len(items))))

    def fill(self, template, place=""):
        rng = self.rng
        values = {
            "who": rng.choice(WHO),
            "who2": rng.choice(WHO),
            "partner": rng.choice(PARTNER),
            "partner2": rng.choice(PARTNER),
            "activity": rng.choice(ACTIVITY),
            "topic": rng.choice(TOPIC),
            "result": rng.choice(RESULT),
            "frequency": rng.choice(FREQUENCY),
            "place": place or rng.choice(MUNICIPALITIES),
            "n": rng.randint(5, 40),
        }
        values.update({k.capitalize(): capitalise(str(v)) for k, v in list(values.items())})
        return capitalise(template.format(**values))

    def sentences(self, templates, low, high, place=""):
        return [self.fill(t, place) for t in self.sample(templates, low, high)]

    def paragraph(self, templates, low=1, high=3, place=""):
        return " ".join(self.sentences(templates, low, high, place))

    def html(self, templates, low=1, high=3, place=""):
        return f"<p>{self.paragraph(templates, low, high, place)}</p>"

    def person(self):
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def phone(self):
        return (
            f"03 {self.rng.randint(200, 899)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"
        )

    def practice_title(self, place):
        activity = self.pick(ACTIVITY).removeprefix("een ")
        who = self.pick(WHO)
        return f"{place}: {activity} voor {who}"
