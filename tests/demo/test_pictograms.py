"""The demo's pictograms (``demo.pictograms``) on its easy-read pages and versions.

A demo load is slow, so the test that loads it checks every easy-read page at once.
"""

import io
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Page

from demo.accounts import DemoContext
from demo.pictograms import COLLECTION, PICTOGRAMS, SIZE, add_pictograms, render, with_pictograms
from home.models import EasyReadPage, HomePage
from kennisbank.models import PracticePage
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from werkgroepen.models import FeedbackPage

BILL = "Kan je je rekeningen niet betalen? Wij helpen je."
STEPS = ("steps", {"heading": "Zo doe je het", "steps": ["Bel ons.", "Kom langs."]})


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def ctx(db):
    return DemoContext(stdout=StringIO())


def stream_name(page):
    """Easy-read pages are easy-read through and through; other pages may have an
    easy-read version next to the full text."""
    return "body" if isinstance(page, EasyReadPage) else "easy_read"


def easy_read_streams():
    """Every easy-read text of the demo: (page, address, its stream of blocks)."""
    for page in Page.objects.live().specific():
        if isinstance(page, EasyReadPage):
            yield page, page.url, page.body
        elif getattr(page, "has_easy_read", False):
            yield page, page.url + "?eenvoudig=1", page.easy_read


def pictograms(stream):
    return [block.value for block in stream if block.block_type == "pictogram"]


@pytest.mark.parametrize("name", sorted(PICTOGRAMS))
def test_each_pictogram_is_a_square_picture_on_white(name):
    image = Image.open(io.BytesIO(render(name)))
    assert image.format == "PNG"
    assert image.size == (SIZE, SIZE)
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert len(image.getcolors(SIZE * SIZE)) > 3  # something is drawn


def test_every_demo_easy_read_text_shows_pictograms_with_their_alt_text(demo, client):
    streams = list(easy_read_streams())
    # Three pages and the start page in four languages; in Dutch only, three practices
    # and the page about what happened with the participants' input.
    kinds = [(type(page), page.locale.language_code) for page, _url, _stream in streams]
    assert len(streams) == 3 * 4 + 4 + 3 + 1
    assert kinds.count((PracticePage, "nl")) == 3
    assert kinds.count((FeedbackPage, "nl")) == 1
    assert {code for kind, code in kinds if kind is HomePage} == {"nl", "fr", "en", "ar"}
    for page, url, stream in streams:
        blocks = pictograms(stream)
        assert blocks, f"{url} has no pictogram"
        for block in blocks:
            assert block["alt_text"].strip()
            assert "pictogram" not in block["alt_text"].lower()
            assert block["image"].collection.name == COLLECTION
        html = client.get(url).content.decode()
        shown = BeautifulSoup(html, "html.parser").select(".pictogram-text img")
        assert [img["alt"] for img in shown] == [block["alt_text"] for block in blocks], url
        if page.locale.language_code != "nl":
            source = page.get_translation(page.locale.get_default())
            dutch = {block["alt_text"] for block in pictograms(getattr(source, stream_name(page)))}
            assert not dutch & {block["alt_text"] for block in blocks}, f"{url}: not translated"


def test_loading_the_demo_twice_adds_no_pictogram_images(demo):
    images = get_image_model().objects
    before = sorted(images.values_list("pk", "title", "file"))
    in_collection = images.filter(collection__name=COLLECTION)
    assert sorted(in_collection.values_list("title", flat=True)) == sorted(
        title for title, _description, _draw in PICTOGRAMS.values()
    )

    call_command("load_demo", stdout=StringIO())

    assert sorted(images.values_list("pk", "title", "file")) == before


def test_demo_page_made_before_the_pictograms_gets_them(ctx, home_page):
    page = EasyReadPageFactory(parent=EasyReadIndexPageFactory(parent=home_page))
    wanted = with_pictograms(
        ctx,
        [("pictogram", {"image": "rekening", "alt_text": "Een rekening", "text": BILL}), STEPS],
    )

    add_pictograms(ctx, page, "body", wanted)

    page = EasyReadPage.objects.get(pk=page.pk)
    assert [block.block_type for block in page.body] == ["pictogram", "steps"]
    assert page.body[0].value["alt_text"] == "Een rekening"
    assert not page.has_unpublished_changes
    assert any(line.startswith("pictograms:") for line in ctx.created)


def test_demo_page_an_editor_changed_keeps_its_text_without_pictograms(ctx, home_page):
    page = EasyReadPageFactory(
        parent=EasyReadIndexPageFactory(parent=home_page),
        body=[("paragraph", {"text": "Een tekst van de redacteur."}), STEPS],
    )
    wanted = with_pictograms(
        ctx,
        [("pictogram", {"image": "rekening", "alt_text": "Een rekening", "text": BILL}), STEPS],
    )

    add_pictograms(ctx, page, "body", wanted)

    page = EasyReadPage.objects.get(pk=page.pk)
    assert [block.block_type for block in page.body] == ["paragraph", "steps"]
    assert not any(line.startswith("pictograms:") for line in ctx.created)
