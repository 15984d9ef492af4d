"""Pages in other languages: right-to-left Arabic, dates and numbers per language,
the interface in every content language, the language switcher on easy-read pages."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import Locale, Page

from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory


@pytest.fixture
def easy_page(home_page):
    section = EasyReadIndexPageFactory(parent=home_page)
    return EasyReadPageFactory(parent=section, title="Hulp bij je huur", slug="huur")


def _translate(page, code, title, callbacks):
    locale = Locale.objects.get(language_code=code)
    with callbacks(execute=True):
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated.title = title
        translated.save_revision().publish()
    # Missing parents were made as aliases of the Dutch ones (live, Dutch text).
    return Page.objects.get(pk=translated.pk).specific


def test_arabic_page_is_right_to_left_with_arabic_navigation(
    client, easy_page, django_capture_on_commit_callbacks
):
    arabic = _translate(easy_page, "ar", "مساعدة في الإيجار", django_capture_on_commit_callbacks)
    response = client.get(arabic.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "مساعدة في الإيجار" in html
    assert 'class="breadcrumbs"' in html
    # The switcher names every language in its own language and marks it so.
    assert 'lang="nl" hreflang="nl">Nederlands</a>' in html
    assert 'lang="ar" hreflang="ar" aria-current="true">العربية</a>' in html


def test_rtl_rules_exist_for_directional_things(client):
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "core/static/portal/css/portal.css").read_text()
    section = css.split("Languages and easy-read")[1]
    assert '[dir="rtl"] .breadcrumbs li + li::before' in css
    assert '[dir="rtl"] .icon--directional' in section
    assert '[dir="rtl"] .pagination a[rel="prev"]::before' in section


@pytest.mark.parametrize(
    ("code", "expected"),
    [("nl", "5 maart 2026"), ("fr", "5 mars 2026"), ("en", "March 5, 2026"), ("ar", "مارس")],
)
def test_dates_follow_the_page_language(
    client, easy_page, code, expected, django_capture_on_commit_callbacks
):
    page = (
        easy_page
        if code == "nl"
        else _translate(easy_page, code, f"Huur ({code})", django_capture_on_commit_callbacks)
    )
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 12, 0))
    Page.objects.filter(pk=page.pk).update(last_published_at=moment)
    html = client.get(page.url).content.decode()
    assert expected in html.split('class="page-meta"')[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("code", "expected"), [("nl", "1.234,5"), ("fr", "1\u202f234,5"), ("en", "1,234.5")]
)
def test_numbers_follow_the_language(code, expected):
    rendered = Template("{% load easyread_tags %}{{ value|local_number:code }}").render(
        Context({"value": 1234.5, "code": code})
    )
    assert rendered.replace("\xa0", "\u202f") == expected.replace("\xa0", "\u202f")


@pytest.mark.parametrize(
    ("code", "skip_link"),
    [("nl", "Naar de inhoud"), ("fr", "Aller au contenu"), ("en", "Skip to content")],
)
def test_interface_is_translated_in_french_and_english(
    client, home_page, code, skip_link, django_capture_on_commit_callbacks
):
    if code != "nl":
        _translate(home_page, code, f"Start {code}", django_capture_on_commit_callbacks)
    html = client.get(f"/{code}/").content.decode()
    assert f'<a class="skip-link" href="#inhoud">{skip_link}</a>' in html


FAMILIES_LANGUAGES = ["ar", "tr", "pl", "uk"]


def _dutch_interface_sentences(html):
    """The interface sentences (of three words or more) of the Dutch catalogue that a
    Dutch page shows: what must not come back on a page in another language."""
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / "portal/locale/nl/LC_MESSAGES/django.po"))
    return {
        entry.msgid
        for entry in catalogue
        if len(entry.msgid.split()) >= 3 and "%" not in entry.msgid and entry.msgid in html
    }


@pytest.mark.parametrize("code", FAMILIES_LANGUAGES)
def test_the_families_languages_have_the_whole_interface_in_their_language(
    client, home_page, code, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext, override

    dutch = client.get("/nl/").content.decode()
    sentences = _dutch_interface_sentences(dutch)
    assert len(sentences) >= 3  # the check below has something to check
    _translate(home_page, code, f"Start {code}", django_capture_on_commit_callbacks)
    html = client.get(f"/{code}/").content.decode()
    with override(code):
        skip_link = gettext("Naar de inhoud")
    assert skip_link != "Naar de inhoud"
    assert f'<a class="skip-link" href="#inhoud">{skip_link}</a>' in html
    assert "untranslated-notice" not in html  # the page is in the visitor's language
    left_in_dutch = sorted(sentence for sentence in sentences if sentence in html)
    assert not left_in_dutch, f"/{code}/ still shows Dutch interface text: {left_in_dutch}"


def test_switcher_on_an_easy_read_page_offers_only_its_languages(
    client, easy_page, django_capture_on_commit_callbacks
):
    _translate(easy_page, "fr", "Aide pour le loyer", django_capture_on_commit_callbacks)
    html = client.get(easy_page.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'hreflang="fr"' in switcher
    assert 'hreflang="en"' not in switcher
    assert '<link rel="alternate" hreflang="fr"' in html


@pytest.fixture
def arabic_easy_page(easy_page, django_capture_on_commit_callbacks):
    easy_page.body = [("good_to_know", {"text": "Het is gratis."})]
    easy_page.save_revision().publish()
    return _translate(easy_page, "ar", "مساعدة", django_capture_on_commit_callbacks)


def test_arabic_pages_carry_their_interface_text_in_arabic(client, arabic_easy_page):
    from django.utils.translation import gettext, override

    with override("ar"):
        good_to_know = gettext("Goed om te weten")
    html = client.get(arabic_easy_page.url).content.decode()
    assert f"<span>{good_to_know}</span>" in html
    assert "Goed om te weten" not in html


@pytest.mark.parametrize(("catalogues", "expected"), [({"nl", "tr"}, ""), ({"nl"}, "nl")])
def test_a_language_without_a_catalogue_marks_its_interface_text_dutch(
    monkeypatch, catalogues, expected
):
    """A content language added to PORTAL_LANGUAGES before its catalogue exists gets the
    Dutch interface, marked Dutch (screen readers, right-to-left pages)."""
    from django.utils.translation import override

    from easyread.templatetags import easyread_tags

    monkeypatch.setattr(easyread_tags, "interface_languages", lambda: catalogues)
    with override("tr"):
        rendered = Template("{% load easyread_tags %}<span{% interface_lang %}>").render(
            Context({})
        )
    assert rendered == ('<span lang="nl" dir="ltr">' if expected else "<span>")


def test_catalogues_carry_their_plural_rules():
    from django.utils.translation import ngettext, override

    singular = "%(count)d vertaling is ter nalezing ingediend."
    plural = "%(count)d vertalingen zijn ter nalezing ingediend."
    with override("fr"):
        assert ngettext(singular, plural, 0) % {"count": 0} == (
            "0 traduction a été soumise pour relecture."
        )
    with override("en"):
        assert ngettext(singular, plural, 0) % {"count": 0} == (
            "0 translations have been submitted for review."
        )


@pytest.mark.parametrize("code", FAMILIES_LANGUAGES)
def test_an_untranslated_page_says_so_in_the_visitors_language(client, easy_page, code):
    """/tr/… of a page without a Turkish version shows the Dutch page; a note in
    Turkish says why, and the interface around the Dutch text is marked Turkish."""
    from django.utils.translation import gettext, override

    from core.templatetags.core_tags import text_direction

    note = "Deze pagina is nog niet vertaald in jouw taal. Hieronder staat de Nederlandse tekst."
    with override(code):
        translated_note, skip_link = gettext(note), gettext("Naar de inhoud")
    assert translated_note != note
    html = client.get(easy_page.url.replace("/nl/", f"/{code}/", 1)).content.decode()
    assert "Hulp bij je huur" in html  # the Dutch page
    direction = text_direction(code)
    assert f'role="note" lang="{code}" dir="{direction}">{translated_note}</p>' in html
    assert f'href="#inhoud" lang="{code}" dir="{direction}">{skip_link}</a>' in html
    dutch = client.get(easy_page.url).content.decode()
    assert 'role="note"' not in dutch and note not in dutch
