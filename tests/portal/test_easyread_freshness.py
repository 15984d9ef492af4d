"""The easy-read version is marked out of date when the full text changed after it."""

import datetime

import pytest
from django.utils import timezone

from easyread.freshness import content_field_names
from home.models import HomePage
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory


def _reload(page):
    return type(page).objects.get(pk=page.pk)


def _age(page, minutes):
    """Pretend both texts were last changed ``minutes`` ago (the clock moves on)."""
    earlier = timezone.now() - datetime.timedelta(minutes=minutes)
    type(page).objects.filter(pk=page.pk).update(
        content_updated_at=earlier, easy_read_updated_at=earlier
    )
    for revision in page.revisions.all():
        revision.content["content_updated_at"] = earlier.isoformat()
        revision.content["easy_read_updated_at"] = earlier.isoformat()
        revision.save(update_fields=["content"])
    return _reload(page)


@pytest.fixture
def home_with_easy_read(home_page):
    home_page.body = [("paragraph", "<p>Volledige tekst.</p>")]
    home_page.easy_read = [("paragraph", {"text": "Korte tekst."})]
    home_page.save_revision().publish()
    return _age(home_page, 60)


def test_new_page_with_both_texts_is_not_out_of_date(home_page):
    home_page.easy_read = [("paragraph", {"text": "Korte tekst."})]
    home_page.save_revision().publish()
    page = _reload(home_page)
    assert page.content_updated_at is not None
    assert page.easy_read_updated_at is not None
    assert not page.easy_read_may_be_outdated


def test_changing_the_full_text_marks_the_easy_read_version_out_of_date(home_with_easy_read):
    page = home_with_easy_read
    page.body = [("paragraph", "<p>Nieuwe volledige tekst.</p>")]
    page.save_revision().publish()
    page = _reload(page)
    assert page.content_updated_at > page.easy_read_updated_at
    assert page.easy_read_may_be_outdated


def test_editing_the_easy_read_version_afterwards_clears_the_mark(home_with_easy_read):
    page = home_with_easy_read
    page.intro = "Een andere welkomsttekst."
    page.save_revision().publish()
    page = _reload(page)
    assert page.easy_read_may_be_outdated
    page.easy_read = [("paragraph", {"text": "Nieuwe korte tekst."})]
    page.save_revision().publish()
    assert not _reload(page).easy_read_may_be_outdated


def test_saving_without_changes_keeps_the_timestamps(home_with_easy_read):
    page = home_with_easy_read
    before = (page.content_updated_at, page.easy_read_updated_at)
    page.save_revision().publish()
    page = _reload(page)
    assert (page.content_updated_at, page.easy_read_updated_at) == before


def test_promote_fields_are_not_the_full_text(home_with_easy_read):
    page = home_with_easy_read
    page.seo_title = "Anders in zoekmachines"
    page.search_description = "Nieuwe beschrijving"
    page.save_revision().publish()
    assert not _reload(page).easy_read_may_be_outdated


@pytest.fixture
def ticking_clock(monkeypatch):
    """Each call of the freshness module's clock is one minute later."""
    start = timezone.now()
    ticks = iter(range(1, 1000))

    class Clock:
        @staticmethod
        def now():
            return start + datetime.timedelta(minutes=next(ticks))

    monkeypatch.setattr("easyread.freshness.timezone", Clock)


def test_order_of_drafts_counts_not_the_publish_time(home_with_easy_read, ticking_clock):
    """Easy-read edited first, full text later, both published at once: out of date."""
    page = home_with_easy_read
    draft = page.get_latest_revision_as_object()
    draft.easy_read = [("paragraph", {"text": "Eerst de korte tekst."})]
    draft.save_revision()
    draft = _reload(page).get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>Daarna de volledige tekst.</p>")]
    revision = draft.save_revision()
    revision.publish()
    assert _reload(page).easy_read_may_be_outdated


def test_tracking_is_generic_over_page_types(home_page):
    assert content_field_names(HomePage) == ("title", "intro", "body")
    section = EasyReadIndexPageFactory(parent=home_page)
    page = EasyReadPageFactory(parent=section)
    page = _age(page, 30)
    old = page.content_updated_at
    page.summary = "Een nieuwe samenvatting."
    page.save_revision().publish()
    assert _reload(page).content_updated_at > old


def test_report_lists_out_of_date_pages_only(client_for, coordinator, home_with_easy_read):
    client = client_for(coordinator)
    html = client.get("/admin/rapporten/eenvoudige-taal/").content.decode()
    assert home_with_easy_read.title not in html
    page = home_with_easy_read
    page.body = [("paragraph", "<p>Nieuwe volledige tekst.</p>")]
    page.save_revision().publish()
    html = client.get("/admin/rapporten/eenvoudige-taal/").content.decode()
    assert page.title in html


def test_report_is_for_the_admin_only(client_for, partner, client):
    assert client.get("/admin/rapporten/eenvoudige-taal/").status_code == 302
    assert client_for(partner).get("/admin/rapporten/eenvoudige-taal/").status_code in (302, 403)


def test_a_changed_child_object_is_a_change_of_the_full_text(home_page):
    from kennisbank.models import PracticePage, PracticeTip
    from tests.kennisbank.factories import KennisbankIndexPageFactory, PracticePageFactory

    index = KennisbankIndexPageFactory(parent=home_page)
    practice = PracticePageFactory(parent=index, tips=["Bel vooraf."])
    practice.easy_read = [("paragraph", {"text": "Korte tekst."})]
    practice.save_revision().publish()
    practice = _age(practice, 60)
    unchanged_at = practice.content_updated_at

    practice.save_revision().publish()
    assert _reload(practice).content_updated_at == unchanged_at

    practice = PracticePage.objects.get(pk=practice.pk)
    practice.tips = [PracticeTip(text="Bel vooraf en kom een kwartier vroeger.")]
    practice.save_revision().publish()
    assert _reload(practice).content_updated_at > unchanged_at
    assert _reload(practice).easy_read_may_be_outdated


def test_a_page_marked_unchanged_since_its_save_is_not_compared_again_for_one_revision(
    home_with_easy_read, monkeypatch
):
    from easyread import freshness

    compared = []
    track_changes = freshness.track_changes
    monkeypatch.setattr(
        freshness,
        "track_changes",
        lambda instance, previous: compared.append(previous) or track_changes(instance, previous),
    )
    page = home_with_easy_read
    page.save()  # the full save compares with the database and keeps the timestamps
    assert len(compared) == 1
    freshness.unchanged_since_save(page)
    revision = page.save_revision()
    assert len(compared) == 1
    assert revision.as_object().content_updated_at == page.content_updated_at
    page.body = [("paragraph", "<p>Later gewijzigd.</p>")]
    page.save_revision().publish()
    assert len(compared) >= 2
    assert _reload(page).easy_read_may_be_outdated
