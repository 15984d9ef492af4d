"""The kennisbank index: facets, counts, combining, sorting, paging and junk input."""

import re

import pytest
from django.utils import timezone

from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)


@pytest.fixture
def catalogue(kennisbank):
    access = ThemeFactory(name="Toegang", slug="toegang")
    cooperation = ThemeFactory(name="Samenwerking", slug="samenwerking")
    parents = TargetGroupFactory(name="Ouders", slug="ouders")
    cafe = OrganisationFactory(name="Sociaal huis Kapellen", slug="sociaal-huis-kapellen")
    vzw = OrganisationFactory(name="Buurtwerk Boom", slug="buurtwerk-boom", kind="informal")
    method = MethodPageFactory(
        parent=kennisbank, title="Focusgroep", themes=[access], used_by=[vzw]
    )
    now = timezone.now()
    pages = {
        "kapellen": PracticePageFactory(
            parent=kennisbank,
            title="Kapellen: oudercafé",
            municipality="Kapellen",
            organisation=cafe,
            themes=[access],
            target_groups=[parents],
            first_published_at=now - timezone.timedelta(days=3),
        ),
        "boom": PracticePageFactory(
            parent=kennisbank,
            title="Boom: eettafel",
            municipality="Boom",
            themes=[access, cooperation],
            used_by=[cafe],
            first_published_at=now - timezone.timedelta(days=1),
        ),
        "niel": PracticePageFactory(
            parent=kennisbank,
            title="Niel: babbelbank",
            municipality="Niel",
            themes=[cooperation],
            first_published_at=now - timezone.timedelta(days=2),
        ),
    }
    method.first_published_at = now - timezone.timedelta(days=10)
    method.save()
    pages["method"] = method
    return pages


def titles(html):
    return re.findall(r'<h3 class="kb-card__title"><a href="[^"]*">([^<]*)</a>', html)


def count_of(html, param, value):
    match = re.search(
        rf'name="{param}" value="{re.escape(value)}"[^>]*> <span>[^<]*'
        r'<span class="kb-count">\((\d+)\)',
        html,
    )
    return int(match.group(1)) if match else None


def get(client, kennisbank, query=""):
    response = client.get(kennisbank.url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_methods_and_practices_newest_first(client, kennisbank, catalogue):
    html = get(client, kennisbank)
    assert titles(html) == [
        "Boom: eettafel",
        "Niel: babbelbank",
        "Kapellen: oudercafé",
        "Focusgroep",
    ]
    assert "4 resultaten" in html


def test_a_to_z_sort(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?sorteer=az")
    assert titles(html) == [
        "Boom: eettafel",
        "Focusgroep",
        "Kapellen: oudercafé",
        "Niel: babbelbank",
    ]


def test_filter_by_theme_and_counts_per_option(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?thema=samenwerking")
    assert sorted(titles(html)) == ["Boom: eettafel", "Niel: babbelbank"]
    # Within a facet the counts ignore that facet's own choice (OR), so they stay.
    assert count_of(html, "thema", "toegang") == 3
    assert count_of(html, "thema", "samenwerking") == 2
    # Other facets count within the current selection.
    assert count_of(html, "gemeente", "Boom") == 1
    assert count_of(html, "gemeente", "Kapellen") is None  # zero: not offered
    assert count_of(html, "type", "praktijk") == 2


def test_values_in_one_facet_are_ored_and_facets_are_anded(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?thema=samenwerking&thema=toegang")
    assert len(titles(html)) == 4
    html = get(client, kennisbank, "?thema=toegang&gemeente=Boom&gemeente=Kapellen")
    assert sorted(titles(html)) == ["Boom: eettafel", "Kapellen: oudercafé"]
    html = get(client, kennisbank, "?thema=toegang&type=methode")
    assert titles(html) == ["Focusgroep"]
    assert "1 resultaat" in html


def test_filter_by_target_group_organisation_and_municipality(client, kennisbank, catalogue):
    assert titles(get(client, kennisbank, "?doelgroep=ouders")) == ["Kapellen: oudercafé"]
    # An organisation matches the practices it offers and the pages it uses.
    assert sorted(titles(get(client, kennisbank, "?organisatie=sociaal-huis-kapellen"))) == [
        "Boom: eettafel",
        "Kapellen: oudercafé",
    ]
    assert titles(get(client, kennisbank, "?organisatie=buurtwerk-boom")) == ["Focusgroep"]
    assert titles(get(client, kennisbank, "?gemeente=niel")) == ["Niel: babbelbank"]


def test_chosen_filters_stay_in_the_links(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?thema=toegang&gemeente=Boom")
    assert 'name="thema" value="toegang" checked' in html
    # The sort link keeps the filters; the remove link drops only one.
    assert 'href="?thema=toegang&amp;gemeente=Boom&amp;sorteer=az"' in html
    assert 'href="?thema=toegang">Gemeente: Boom' in html


def test_pagination_happens_in_the_database(client, kennisbank, catalogue):
    for number in range(14):
        PracticePageFactory(parent=kennisbank, title=f"Extra {number:02d}", municipality="Mol")
    html = get(client, kennisbank, "?gemeente=Mol&sorteer=az")
    assert len(titles(html)) == 12
    assert "Pagina 1 van 2" in html
    assert 'href="?gemeente=Mol&amp;sorteer=az&amp;page=2"' in html
    html = get(client, kennisbank, "?gemeente=Mol&sorteer=az&page=2")
    assert titles(html) == ["Extra 12", "Extra 13"]


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?page=-1", "Paginanummer"),
        ("?page=abc", "Paginanummer"),
        ("?page=99", "maar 1 pagina"),
        ("?page=" + "9" * 5000, "Paginanummer"),
        ("?thema=999999", "bestaat niet"),
        ("?thema=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "bestaat niet"),
        ("?thema=" + "x" * 5000, "te lange waarde"),
        ("?gemeente=Atlantis", "komt niet voor"),
        ("?organisatie=onbekend", "bestaat niet"),
        ("?type=video", "bestaat niet"),
        ("?sorteer=random", "Onbekende sortering"),
        ("?kleur=rood", "Onbekende filter"),
        ("?thema=%00%ff", "bestaat niet"),
    ],
)
def test_junk_parameters_are_ignored_with_a_note(client, kennisbank, catalogue, query, note):
    html = get(client, kennisbank, query)
    assert 'class="notice kb-notes" role="status"' in html
    assert note in html
    assert len(titles(html)) == 4  # nothing was filtered away
    assert "<script>alert" not in html


def test_repeated_and_many_parameters_do_not_break(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?" + "&".join(["thema=toegang"] * 50))
    assert len(titles(html)) == 3
    assert "Te veel waarden" in html


def test_a_good_filter_survives_next_to_a_bad_one(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?thema=toegang&thema=bestaatniet&page=x")
    assert len(titles(html)) == 3
    assert "bestaatniet" in html and "Paginanummer" in html


def test_empty_result_says_so(client, kennisbank, catalogue):
    html = get(client, kennisbank, "?thema=samenwerking&doelgroep=ouders")
    assert "Niets gevonden met deze filters" in html
    assert "0 resultaten" in html
