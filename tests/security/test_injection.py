"""Injection: markup and script links typed by members, editors and translators are
escaped (or dropped) on the site, in the admin, in messages and in e-mails."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.samplefiles import make_pdf
from tests.kennisbank.factories import MethodPageFactory
from tests.security.conftest import as_user, body_of, who

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# What must never appear unescaped in any response.
RAW = ("<script>alert(", "<img src=x", "onerror=alert(1)>")


def assert_escaped(response_or_text):
    """No markup from users reaches an HTML page unescaped. JSON answers carry it as
    data: they must be JSON that browsers do not sniff into HTML."""
    if not isinstance(response_or_text, str):
        content_type = response_or_text.get("Content-Type", "")
        if content_type.startswith("application/json"):
            assert response_or_text["X-Content-Type-Options"] == "nosniff"
            json.loads(body_of(response_or_text))
            return
    text = response_or_text if isinstance(response_or_text, str) else body_of(response_or_text)
    for raw in RAW:
        assert raw not in text, raw


@pytest.fixture
def hostile_page(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return MethodPageFactory(
            parent=world["kennisbank"],
            title=f"Methode {MARKUP}",
            slug="methode-markup",
            lead=f"Lead {MARKUP}",
            easy_read=[("paragraph", {"text": f"Kort {MARKUP}"})],
        )


def test_markup_in_titles_and_fields_is_escaped_on_the_site(client, world, hostile_page):
    for url in (
        hostile_page.url,
        hostile_page.url + "?eenvoudig=1",
        world["kennisbank"].url,
        world["kennisbank"].url + "tips/",
        "/nl/zoeken/?q=Methode",
        "/nl/zoeken/?q=Methode&format=json",
        "/nl/zoeken/suggesties/?q=Meth",
        "/nl/zoeken/suggesties/?q=Meth&format=html",
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response)
    assert "&lt;script&gt;" in client.get(hostile_page.url).content.decode()


def test_markup_in_titles_is_escaped_in_the_admin(client, world, hostile_page):
    client = as_user(client, who(world, "coordinator"))
    for url in (
        f"/admin/pages/{world['kennisbank'].pk}/",
        f"/admin/pages/{hostile_page.pk}/edit/",
        f"/admin/pages/{hostile_page.pk}/history/",
        "/admin/pages/search/?q=Methode",
        "/admin/reports/site-history/",
        f"/admin/choose-page/{world['kennisbank'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response)


def test_the_search_query_is_escaped_where_it_is_shown_again(client, world):
    for url in (
        f"/nl/zoeken/?q={MARKUP}",
        f"/nl/zoeken/suggesties/?q={MARKUP}&format=html",
        f"/nl/kennisbank/?thema={MARKUP}&gemeente={MARKUP}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response)


@pytest.fixture
def hostile_upload(client, world, django_capture_on_commit_callbacks):
    """A member uploads a document whose title, file name, description and tags are
    markup; the lead of the space gets the announcement mail."""
    space = world["space_a"]
    world["users"]["lead_a"].email = "trekker-a@example.org"
    world["users"]["lead_a"].save()
    mail.outbox = []
    client = as_user(client, who(world, "member_a"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            space.url + space.reverse_subpage("document_upload"),
            {
                "files": [
                    SimpleUploadedFile(
                        '"><img src=x onerror=alert(1)>.pdf', make_pdf("Verslag", ["tekst"])
                    )
                ],
                "title": f"Titel {MARKUP}",
                "description": f"Beschrijving {MARKUP}",
                "tags": '<script>alert("x")</script>, <img src=x onerror=alert(1)>',
            },
        )
    assert response.status_code == 302
    from wagtail.documents import get_document_model

    return get_document_model().objects.get(title__startswith="Titel")


def test_markup_in_document_fields_is_escaped_in_the_space(client, world, hostile_upload):
    space, document = world["space_a"], hostile_upload
    client = as_user(client, who(world, "member_a"))
    for url in (
        space.url,
        space.url + space.reverse_subpage("documents"),
        space.url + space.reverse_subpage("documents") + "?trefwoord=" + MARKUP,
        space.url + space.reverse_subpage("document_detail", args=[document.pk]),
        "/nl/zoeken/?q=Titel",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response)


def test_markup_in_a_document_title_is_escaped_in_messages(client, world, hostile_upload):
    space, document = world["space_a"], hostile_upload
    client = as_user(client, who(world, "member_a"))
    url = space.url + space.reverse_subpage("document_detail", args=[document.pk])
    response = client.post(url, {"action": "trash"}, follow=True)
    html = response.content.decode()
    assert "staat in de prullenbak" in html
    assert_escaped(html)


def test_markup_in_a_document_title_is_escaped_in_the_mail(world, hostile_upload):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert_escaped(html)
    assert "\n" not in message.subject


def test_markup_in_a_download_file_name_cannot_break_the_header(client, world, hostile_upload):
    from django.urls import reverse

    document = hostile_upload
    client = as_user(client, who(world, "member_a"))
    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    assert "<img" not in document.filename


def test_markup_in_admin_document_listing_is_escaped(client, world, hostile_upload):
    client = as_user(client, who(world, "coordinator"))
    for url in ("/admin/documents/", "/admin/documents/chooser/results/?q=Titel"):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response)


def test_markup_from_members_and_leads_is_escaped(
    client, world, django_capture_on_commit_callbacks
):
    """A member's name, an input item and its public summary."""
    from tests.werkgroepen.factories import FeedbackPageFactory, InputItemFactory

    member = who(world, "member_a")
    member.first_name = MARKUP
    member.save()
    InputItemFactory(
        space=world["space_a"],
        text=f"Inbreng {MARKUP}",
        public_summary=f"Samen {MARKUP}",
        is_public=True,
        status="done",
    )
    feedback = FeedbackPageFactory(parent=world["home"])
    space = world["space_a"]
    client = as_user(client, who(world, "lead_a"))
    for url in (
        space.url,
        space.url + space.reverse_subpage("members"),
        space.url + space.reverse_subpage("inputs"),
    ):
        assert_escaped(client.get(url))
    client.logout()
    response = client.get(feedback.url)
    assert response.status_code == 200
    assert "Samen" in response.content.decode()
    assert_escaped(response)


# --- links: javascript:, data:, obfuscated ----------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_script_links_typed_in_the_rich_text_editor_are_dropped(url):
    from wagtail.admin.rich_text import DraftailRichTextArea

    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "text": "klik hier",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 9, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
    }
    widget = DraftailRichTextArea(features=["bold", "italic", "link", "ol", "ul"])
    html = widget.value_from_datadict({"agenda": json.dumps(contentstate)}, {}, "agenda")
    assert "klik hier" in html
    lowered = html.lower().replace("\t", "").replace("&#x09;", "")
    assert "javascript:" not in lowered
    assert "data:text" not in lowered
    assert "vbscript:" not in lowered


@pytest.fixture
def translation_with_link(world, django_capture_on_commit_callbacks):
    """A public page with a link, translated into French through wagtail-localize."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    page = world["public"]
    page.lead = "Lees meer."
    page.involvement = '<p>Zie <a href="https://example.org/gids">de gids</a>.</p>'
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation = Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code="fr")
        )
        translation.save_target(publish=True)
    return page, translation


@pytest.mark.parametrize("url", HOSTILE_URLS[:4] + HOSTILE_URLS[6:])
def test_a_translator_cannot_put_a_script_link_in_a_translation(
    client, world, translation_with_link, url, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import OverridableSegment

    page, translation = translation_with_link
    segment = OverridableSegment.objects.get(
        source=translation.source, data_json=json.dumps("https://example.org/gids")
    )
    client = as_user(client, who(world, "vertaler"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.put(
            f"/admin/localize/translate/{translation.pk}/overrides/{segment.pk}/edit/",
            data=f"value={url}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201, 400), response.status_code
        translation.save_target(user=who(world, "vertaler"), publish=True)
    translated = page.get_translation(translation.target_locale)
    html = client.get(translated.url).content.decode().lower()
    assert "de gids" in html or "gids" in html
    for bad in ("javascript:", "vbscript:", "data:text", "java\tscript"):
        assert bad not in html


def test_glossary_explanations_are_escaped(client, world, hostile_page):
    from core.models import GlossaryTerm

    GlossaryTerm.objects.create(
        term="Lead", explanation=f"Uitleg {MARKUP}", locale=hostile_page.locale
    )
    response = client.get(hostile_page.url)
    assert response.status_code == 200
    assert_escaped(response)
