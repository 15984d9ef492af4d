"""Pages in other languages: right-to-left Arabic, dates and numbers per language,
the interface in French and English, the language switcher on easy-read pages."""

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


def test_other_languages_fall_back_to_the_dutch_interface(
    client, home_page, django_capture_on_commit_callbacks
):
    _translate(home_page, "tr", "Hoş geldiniz", django_capture_on_commit_callbacks)
    html = client.get("/tr/").content.decode()
    assert "Hoş geldiniz" in html
    assert '<a class="skip-link" href="#inhoud" lang="nl" dir="ltr">Naar de inhoud</a>' in html


def test_switcher_on_an_easy_read_page_offers_only_its_languages(
    client, easy_page, django_capture_on_commit_callbacks
):
    _translate(easy_page, "fr", "Aide pour le loyer", django_capture_on_commit_callbacks)
    html = client.get(easy_page.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'hreflang="fr"' in switcher
    assert 'hreflang="en"' not in switcher
    assert '<link rel="alternate" hreflang="fr"' in html


def test_dutch_fallback_interface_text_is_marked_on_arabic_pages(
    client, easy_page, django_capture_on_commit_callbacks
):
    easy_page.body = [("good_to_know", {"text": "Het is gratis."})]
    easy_page.save_revision().publish()
    arabic = _translate(easy_page, "ar", "مساعدة", django_capture_on_commit_callbacks)
    html = client.get(arabic.url).content.decode()
    assert '<span lang="nl" dir="ltr">Goed om te weten</span>' in html
    assert 'class="page-meta"><span lang="nl" dir="ltr">Laatst aangepast op</span>' in html
    dutch = client.get(easy_page.url).content.decode()
    assert "<span>Goed om te weten</span>" in dutch


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
