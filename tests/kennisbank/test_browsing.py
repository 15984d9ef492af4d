"""Tips overview, "related" and "Wie is wie"."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from kennisbank.views import DIRECTORY_PER_PAGE, related_pages
from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ThemeFactory,
)


def anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_tips_overview_lists_every_tip_linking_back_and_filters_by_theme(client, kennisbank):
    access = ThemeFactory(name="Toegang", slug="toegang")
    cooperation = ThemeFactory(name="Samenwerking", slug="samenwerking")
    cafe = PracticePageFactory(
        parent=kennisbank, title="Oudercafé", themes=[access], tips=["Koffie.", "Affiche."]
    )
    table = PracticePageFactory(
        parent=kennisbank, title="Eettafel", themes=[cooperation], tips=["Kook samen."]
    )
    html = client.get(kennisbank.url + "tips/").content.decode()
    assert "3 tips" in html
    assert f'<a href="{cafe.url}">Oudercafé</a>' in html
    assert f'<a href="{table.url}">Eettafel</a>' in html
    assert '<ul class="kb-list kb-list--tips"><li>Koffie.</li><li>Affiche.</li></ul>' in html
    html = client.get(kennisbank.url + "tips/?thema=samenwerking").content.decode()
    assert "Kook samen." in html and "Koffie." not in html
    assert "1 tip" in html
    html = client.get(kennisbank.url + "tips/?thema=%3Cb%3E&page=zz&x=1").content.decode()
    assert "3 tips" in html
    assert "&lt;b&gt;" in html and "Paginanummer" in html and "Onbekende filter" in html


def test_related_pages_best_first(kennisbank):
    a, b, c = (ThemeFactory(name=n) for n in ("A", "B", "C"))
    method = MethodPageFactory(parent=kennisbank, title="Focusgroep", themes=[c])
    page = PracticePageFactory(parent=kennisbank, title="Hier", themes=[a, b], methods=[method])
    one_theme = PracticePageFactory(parent=kennisbank, title="Een thema", themes=[a])
    two_themes = PracticePageFactory(parent=kennisbank, title="Twee thema's", themes=[a, b])
    same_method = PracticePageFactory(parent=kennisbank, title="Zelfde methode", methods=[method])
    PracticePageFactory(parent=kennisbank, title="Niets gemeen", themes=[c])
    related = related_pages(anonymous_request(), page, exclude=[method.pk])
    assert [p.title for p in related] == [two_themes.title, same_method.title, one_theme.title]
    assert page.pk not in [p.pk for p in related]


def test_a_method_is_related_to_methods_sharing_themes(kennisbank):
    theme = ThemeFactory(name="Inspraak")
    method = MethodPageFactory(parent=kennisbank, title="Focusgroep", themes=[theme])
    other = MethodPageFactory(parent=kennisbank, title="Klankbordgroep", themes=[theme])
    assert [p.pk for p in related_pages(anonymous_request(), method)] == [other.pk]


def test_directory_shows_each_partner_with_offer_contact_and_what_it_uses(
    client_for, partner, kennisbank
):
    formal = OrganisationFactory(
        name="Sociaal huis Boom",
        kind="formal",
        offer="Budgetbegeleiding en onthaal.",
        contact_name="Lien Peeters",
        contact_role="maatschappelijk werker",
        email="lien@boom.example",
        phone="03 880 12 34",
    )
    informal = OrganisationFactory(name="Buurtcomité De Schakel", kind="informal")
    access = ThemeFactory(name="Toegang", slug="toegang")
    health = ThemeFactory(name="Gezondheid", slug="gezondheid")
    method = MethodPageFactory(
        parent=kennisbank, title="Ervaringsdeskundige", used_by=[formal], themes=[access]
    )
    practice = PracticePageFactory(
        parent=kennisbank, title="Boom: eettafel", organisation=formal, themes=[access, health]
    )
    used = PracticePageFactory(parent=kennisbank, title="Niel: babbelbank", used_by=[informal])
    html = client_for(partner).get(kennisbank.url + "wie-is-wie/").content.decode()
    assert "Formele partners" in html and "Informele partners" in html
    assert html.index("Sociaal huis Boom") < html.index("Informele partners")
    assert html.index("Buurtcomité De Schakel") > html.index("Informele partners")
    assert "Budgetbegeleiding en onthaal." in html
    assert "Lien Peeters, maatschappelijk werker" in html
    assert 'href="mailto:lien@boom.example"' in html
    assert 'href="tel:+3238801234"' in html
    # What each partner offers or uses: counted, linking to the filtered index.
    assert (
        f'<a href="{kennisbank.url}?organisatie=sociaal-huis-boom&amp;type=methode">1 methode</a>'
        in html
    )
    assert (
        f'<a href="{kennisbank.url}?organisatie=sociaal-huis-boom&amp;type=praktijk">'
        "1 praktijkvoorbeeld</a>" in html
    )
    assert 'buurtcomite-de-schakel&amp;type=praktijk">1 praktijkvoorbeeld</a>' in html
    assert "buurtcomite-de-schakel&amp;type=methode" not in html  # none: no link
    # Its main themes, most pages first, each linking to its pages on that theme.
    assert (
        f'<a href="{kennisbank.url}?organisatie=sociaal-huis-boom&amp;thema=toegang">'
        'Toegang</a> (2) · <a href="' in html
    )
    assert 'thema=gezondheid">Gezondheid</a> (1)</p>' in html
    # The filtered index lists exactly what was counted.
    listed = client_for(partner).get(f"{kennisbank.url}?organisatie=sociaal-huis-boom")
    listed = listed.content.decode()
    for page in (method, practice):
        assert f'href="{page.url}"' in listed
    assert f'href="{used.url}"' not in listed


def test_directory_pages_through_the_organisations_formal_first(client, kennisbank):
    for number in range(DIRECTORY_PER_PAGE + 2):
        OrganisationFactory(name=f"Informeel {number:02d}", kind="informal")
    OrganisationFactory(name="Zorgpunt", kind="formal")
    html = client.get(kennisbank.url + "wie-is-wie/").content.decode()
    assert html.index("Zorgpunt") < html.index("Informeel 00")
    assert "Informeel 38" in html and "Informeel 39" not in html
    assert 'href="?page=2"' in html
    html = client.get(kennisbank.url + "wie-is-wie/?page=2").content.decode()
    assert "Informeel 39" in html and "Zorgpunt" not in html
    html = client.get(kennisbank.url + "wie-is-wie/?page=x").content.decode()
    assert "Paginanummer" in html and "Zorgpunt" in html


def test_section_navigation_links_the_three_views(client, kennisbank):
    html = client.get(kennisbank.url).content.decode()
    for path in ("", "tips/", "wie-is-wie/"):
        assert f'href="{kennisbank.url}{path}"' in html


def test_method_page_shows_ten_practices_and_links_to_all_of_them(client, kennisbank):
    method = MethodPageFactory(parent=kennisbank, title="Focusgroep", slug="focusgroep")
    for number in range(13):
        PracticePageFactory(parent=kennisbank, title=f"Praktijk {number:02d}", methods=[method])
    PracticePageFactory(parent=kennisbank, title="Zonder methode")
    html = client.get(method.url).content.decode()
    assert "Praktijk 09" in html and "Praktijk 10" not in html
    link = f'href="{kennisbank.url}?methode=focusgroep"'
    assert link in html and "Alle voorbeelden met deze methode" in html
    listing = client.get(f"{kennisbank.url}?methode=focusgroep&sorteer=az").content.decode()
    assert "13 resultaten" in listing
    assert "Zonder methode" not in listing
    assert "Methode: Focusgroep" in listing  # the active filter, removable
    junk = client.get(f"{kennisbank.url}?methode=bestaat-niet").content.decode()
    assert "Methode &#x27;bestaat-niet&#x27; bestaat niet" in junk
    assert "15 resultaten" in junk
