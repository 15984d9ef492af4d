"""The search part of the demo: synonyms, editors' picks where their pages exist,
and an index of everything the demo made."""

from io import StringIO

from django.core.management import call_command
from wagtail.contrib.search_promotions.models import SearchPromotion

from search.models import SearchEntry, Synonym
from tests.search.conftest import titles


def test_demo_adds_synonyms_and_indexes_the_demo(db, search_json):
    call_command("load_demo", stdout=StringIO())
    assert Synonym.objects.filter(terms__startswith="OCMW").exists()
    assert SearchEntry.objects.exists()
    assert "Welkom bij het netwerk tegen gezinsarmoede" in titles(search_json("netwerk"))


def test_demo_is_idempotent(db):
    call_command("load_demo", stdout=StringIO())
    counts = (Synonym.objects.count(), SearchPromotion.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Synonym.objects.count(), SearchPromotion.objects.count()) == counts
