"""Practice sheets written for the tests, in the variations real files come in."""

KAPELLEN = """kapellen-oudercafe.jpg
Provider image

Ouders praten bij een kop koffie over wat hen bezighoudt.

Kapellen: een oudercafé in de kinderopvang

Doelstelling

Twee keer per maand is de kinderopvang open voor een oudercafé. Een medewerker van het
sociaal huis schuift aan en beantwoordt vragen.

 • Ouders leren de diensten kennen.
 • Vragen komen vroeg op tafel.

Bereik

Vijftien ouders per keer, ook grootouders.

Neveneffect

Voor de doelgroep: ouders leren andere ouders kennen.

Voor de netwerkpartners: de kinderopvang hoort sneller waar gezinnen mee worstelen.

Hindernis

 • Een vaste medewerker vrijmaken lukt niet altijd.

Tip

 • Zorg voor koffie en iets lekkers.
 • Hang een affiche met foto's op.

Meer

Contactpersoon: An Smets, coördinator kinderopvang

Contactgegevens: an.smets@kapellen.example of 03 123 45 67
"""

# Markdown, plural headings, other bullets, an unknown heading, Gemeente line,
# no image, two lead paragraphs.
MARKDOWN = """Een vaste avond waarop gezinnen samen koken en eten.

Wie mee-eet, denkt ook mee over de werking van het OCMW.

Gemeente: Boom

Eettafel met inspraak

## Doelstellingen

Samen eten verlaagt de drempel om te praten.

## Neveneffecten

Voor de doelgroep:

- Gezinnen komen uit hun isolement.
- Kinderen spelen samen.

Voor de netwerkpartners: signalen komen sneller binnen.

## Hindernissen

* Vervoer naar de zaal.
* Een zaal met een keuken vinden.

## Kostprijs

Ongeveer 60 euro per avond voor de boodschappen.

## Tips

\u2013 Vraag een ervaringsdeskundige om mee te koken.
\u2013 Koppel elke keer terug wat er met de inbreng gebeurt.

## Meer

Contactpersoon: Youssef El Amrani - opbouwwerker

Contactgegevens: 0470 12 34 56

Meer info op de website van het sociaal huis.
"""
