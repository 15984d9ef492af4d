"""The demo in four languages: easy-read versions, translations, glossary, labels.

One demo load per test is slow, so each test checks several things.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from home.models import EasyReadPage, HomePage
from translations.status import CURRENT, translation_states

HOMES = {
    "fr": ("Bienvenue au réseau contre la pauvreté des familles", "ltr"),
    "en": ("Welcome to the network against family poverty", "ltr"),
    "ar": ("مرحبًا بكم في الشبكة ضد فقر الأسر", "rtl"),
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_demo_home_has_easy_read_version_and_three_translations(demo, client):
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.has_easy_read
    html = client.get("/nl/?eenvoudig=1").content.decode()
    assert "Dit is de website van het netwerk tegen armoede bij gezinnen." in html
    for code, (title, direction) in HOMES.items():
        html = client.get(f"/{code}/").content.decode()
        assert title in html
        assert f'<html lang="{code}" dir="{direction}"' in html
    assert {translation_states(home)[code] for code in HOMES} == {CURRENT}


def test_demo_easy_read_pages_are_translated_explained_and_test_read(demo, client):
    sources = EasyReadPage.objects.filter(locale__language_code="nl")
    assert sources.count() == 3
    for page in sources:
        assert {translation_states(page)[code] for code in HOMES} == {CURRENT}

    page = sources.get(slug="rekeningen-betalen")
    html = client.get(page.url).content.decode()
    assert '<dfn class="glossary__term">OCMW</dfn>' in html
    assert "Nagelezen door testlezers" in html
    french = page.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode()
    assert '<dfn class="glossary__term">CPAS</dfn>' in html
    assert "Payer vos factures" in html
