"""Rendering of the index, method and practice pages."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.test.utils.form_data import nested_form_data, rich_text

from core.models import PortalImage
from kennisbank.models import KennisbankIndexPage, MethodPage, PracticePage
from tests.kennisbank.factories import (
    MethodPageFactory,
    MethodTypeFactory,
    OrganisationFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)


@pytest.fixture
def sheet(kennisbank):
    theme = ThemeFactory(name="Toegang tot hulp")
    method = MethodPageFactory(parent=kennisbank, title="Oudercafé", themes=[theme])
    practice = PracticePageFactory(
        parent=kennisbank,
        title="Kapellen: een oudercafé in de kinderopvang",
        lead="Ouders praten bij een kop koffie.",
        goal="<p>Ouders leren de diensten kennen.</p>",
        reach="<p>Vijftien ouders per keer.</p>",
        side_effect_target_group="<p>Ouders leren elkaar kennen.</p>",
        side_effect_partners="<p>De opvang hoort meer.</p>",
        involvement="<p>Twee ervaringsdeskundigen bereidden mee voor.</p>",
        organisation=OrganisationFactory(name="Sociaal huis Kapellen"),
        themes=[theme],
        target_groups=[TargetGroupFactory(name="Ouders met jonge kinderen")],
        method_types=[MethodTypeFactory(name="Ontmoeting")],
        methods=[method],
        tips=["Zorg voor koffie.", "Hang een affiche op."],
        obstacles=["Een medewerker vrijmaken lukt niet altijd."],
        evidence_level="proven",
        extra_sections=[
            ("section", {"heading": "Kostprijs", "text": rich_text("<p>40 euro.</p>")})
        ],
    )
    return practice, method


def test_practice_page_shows_the_whole_sheet(client, sheet):
    practice, method = sheet
    html = client.get(practice.url).content.decode()
    assert "<h1>Kapellen: een oudercafé in de kinderopvang</h1>" in html
    assert "Gemeente: Kapellen" in html
    assert "Sociaal huis Kapellen" in html
    for text in (
        "Ouders leren de diensten kennen.",
        "Vijftien ouders per keer.",
        "Ouders leren elkaar kennen.",
        "De opvang hoort meer.",
        "Twee ervaringsdeskundigen",
        "Kostprijs",
        "Ontmoeting",
        "Ouders met jonge kinderen",
    ):
        assert text in html
    assert (
        '<ul class="kb-list kb-list--tips"><li>Zorg voor koffie.</li>'
        "<li>Hang een affiche op.</li></ul>" in html
    )
    assert '<ul class="kb-list kb-list--obstacles"><li>Een medewerker' in html
    assert 'href="mailto:an.smets@kapellen.example"' in html
    assert 'href="tel:+3231234567"' in html
    assert f'href="{method.url}"' in html
    # Evidence level with its criteria, and the criteria of every level.
    assert "Bewezen</strong>: Door meerdere partners" in html
    assert "Wat betekenen de niveaus?" in html
    assert "Veelbelovend" in html


def test_method_page_lists_the_practices_that_use_it(client, sheet):
    practice, method = sheet
    html = client.get(method.url).content.decode()
    assert "<h1>Oudercafé</h1>" in html
    assert f'href="{practice.url}"' in html
    assert "Praktijkvoorbeelden met deze methode" in html


def test_practice_page_shows_its_image_with_credit(client, sheet, kennisbank):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(buffer, "JPEG")
    image = PortalImage.objects.create(
        title="koffie", file=ContentFile(buffer.getvalue(), "koffie.jpg"), alt_text="Koffie"
    )
    practice, _method = sheet
    practice.image = image
    practice.image_credit = "An Smets"
    practice.save()
    html = client.get(practice.url).content.decode()
    assert "<figcaption>Foto: An Smets</figcaption>" in html
    assert 'alt="Koffie"' in html


def test_a_practice_without_classification_shows_no_empty_box(client, kennisbank, sheet):
    bare = PracticePageFactory(parent=kennisbank, title="Zonder indeling", lead="Kort.")
    html = client.get(bare.url).content.decode()
    assert "Zonder indeling" in html
    assert "kb-taxonomy" not in html and ">Indeling<" not in html
    classified, _method = sheet
    assert "kb-taxonomy" in client.get(classified.url).content.decode()


def test_kennisbank_pages_may_only_live_in_the_index(kennisbank):
    assert PracticePage.can_exist_under(kennisbank)
    assert MethodPage.can_exist_under(kennisbank)
    assert not PracticePage.can_exist_under(kennisbank.get_parent().specific)
    assert KennisbankIndexPage.can_exist_under(kennisbank.get_parent().specific)
    assert not KennisbankIndexPage.can_exist_under(kennisbank)


def test_an_editor_can_create_a_practice_in_the_admin(client, kennisbank, coordinator):
    client.force_login(coordinator)
    theme = ThemeFactory(name="Samenwerking")
    data = nested_form_data(
        {
            "title": "Boom: eettafel met inspraak",
            "slug": "boom-eettafel",
            "lead": "Samen eten en meedenken.",
            "municipality": "Boom",
            "goal": rich_text("<p>Drempels verlagen.</p>"),
            "reach": rich_text(""),
            "side_effect_target_group": rich_text(""),
            "side_effect_partners": rich_text(""),
            "side_effect_other": rich_text(""),
            "involvement": rich_text(""),
            "evidence_level": "emergent",
            "review_date": "2027-01-31",
            "audience": "partners",
            "extra_sections": {"count": 0},
            "easy_read": {"count": 0},
            "tips": {"count": 1, "0": {"text": "Kook samen.", "ORDER": 0}},
            "obstacles": {"count": 0},
            "attachments": {"count": 0},
        }
    )
    # Inline formsets use TOTAL_FORMS / INITIAL_FORMS naming.
    for relation, count in (("tips", 1), ("obstacles", 0), ("attachments", 0)):
        data[f"{relation}-TOTAL_FORMS"] = str(count)
        data[f"{relation}-INITIAL_FORMS"] = "0"
        data[f"{relation}-MIN_NUM_FORMS"] = "0"
        data[f"{relation}-MAX_NUM_FORMS"] = "1000"
    data["tips-0-text"] = "Kook samen."
    data["tips-0-ORDER"] = "1"
    data["tips-0-id"] = ""
    data["themes"] = [str(theme.pk)]
    data["action-publish"] = "publish"
    response = client.post(f"/admin/pages/add/kennisbank/practicepage/{kennisbank.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PracticePage.objects.get(slug="boom-eettafel")
    assert page.live
    assert page.review_date == datetime.date(2027, 1, 31)
    assert [tip.text for tip in page.tips.all()] == ["Kook samen."]
    assert list(page.themes.all()) == [theme]
    assert page.audience == "partners"
