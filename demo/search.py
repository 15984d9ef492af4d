"""Demo content of search: synonyms editors would keep, a few editors' picks, and a
fresh index of everything the other demo builders made (search runs last)."""

from django.apps import apps
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page

from search import api

SYNONYMS = [
    (
        "OCMW, sociaal huis, sociale dienst",
        "Sinds 2019 heet het OCMW in veel gemeenten 'sociaal huis'.",
    ),
    ("CAW, centrum algemeen welzijnswerk", ""),
    ("leefloon, bijstand, sociale bijstand", ""),
    ("sociaal tolk, sociaal vertaler, sociaal tolken", ""),
    ("kinderopvang, kinderdagverblijf, crèche, onthaalouder", ""),
    ("huis van het kind, HvK", ""),
    ("OKAN, onthaalklas voor anderstalige nieuwkomers", ""),
    ("ervaringsdeskundige, ervaringsdeskundige in armoede, EDAS", ""),
    ("collectieve schuldenregeling, CSR", ""),
    ("vzw, vereniging zonder winstoogmerk", ""),
]

# (query, slug of the page to promote, description). Pages that do not exist (yet)
# are skipped, so the builder works whatever the other apps' demo contains.
PROMOTIONS = [
    ("inspraak", "focusgroep", "Een focusgroep is de snelste manier om gezinnen te horen."),
    (
        "ervaringsdeskundige",
        "ervaringsdeskundige",
        "Wat een ervaringsdeskundige in armoede doet en hoe je er een inschakelt.",
    ),
    ("participatie", "kennisbank", "Alle methodes en praktijkvoorbeelden over participatie."),
    ("werkgroep", "werkgroepen", "De werkgroepen van het netwerk."),
]


def build(ctx):
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in SYNONYMS:
        first = terms.split(",")[0]
        if not Synonym.objects.filter(terms__istartswith=first).exists():
            Synonym.objects.create(terms=terms, note=note, locale=Locale.get_default())
            ctx.log(f"synoniem {first}")
    home = ctx.homes.get("nl")
    for query_string, slug, description in PROMOTIONS:
        pages = Page.objects.filter(slug=slug, live=True)
        if home is not None:
            pages = pages.descendant_of(home, inclusive=True)
        page = pages.first()
        if page is None:
            continue
        query = Query.get(query_string)
        if not SearchPromotion.objects.filter(query=query, page=page).exists():
            SearchPromotion.objects.create(
                query=query, page=page, description=description, sort_order=0
            )
            ctx.log(f"aanbevolen bij '{query_string}': {page.title}")
    # The other builders ran inside the same transaction; their after-commit index
    # updates have not run yet. Build the index now, so search works right away.
    written = api.rebuild()
    ctx.stdout.write(f"  zoekindex: {written} items")
