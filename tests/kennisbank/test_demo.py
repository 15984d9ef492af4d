"""The kennisbank part of ``manage.py load_demo``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from kennisbank.models import MethodPage, Organisation, PracticePage


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    out = StringIO()
    # The partner-only restrictions are made when the demo's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_fills_the_kennisbank(demo, client):
    assert MethodPage.objects.live().count() >= 8
    practices = PracticePage.objects.live()
    assert practices.count() >= 12
    assert len(set(practices.values_list("municipality", flat=True))) >= 8
    assert Organisation.objects.filter(kind="informal").exists()
    assert Organisation.objects.filter(kind="formal").exists()
    restricted = PageViewRestriction.objects.filter(page__in=practices)
    assert restricted.count() >= 2
    assert practices.filter(review_date__lt=timezone.localdate()).count() >= 2
    response = client.get("/nl/kennisbank/")
    assert response.status_code == 200
    assert "Kapellen: een oudercafé in de kinderopvang" in response.content.decode()


def test_demo_imports_its_sheets_through_the_importer(demo):
    assert "imported sheet kapellen-oudercafe.txt" in demo
    cafe = PracticePage.objects.get(title="Kapellen: een oudercafé in de kinderopvang")
    assert cafe.image is not None
    assert cafe.image.credit == "Kinderopvang Het Nest"
    assert cafe.organisation.slug == "kinderopvang-nest"
    assert [m.slug for m in cafe.methods.all()] == ["oudercafe"]
    assert cafe.import_fingerprint
    zandhoven = PracticePage.objects.get(municipality="Zandhoven")
    # The Windows sheet's curly quotes and no-break spaces did not get through.
    assert '"ik ga mee"' in zandhoven.title
    assert "\u00a0" not in zandhoven.side_effect_target_group
    assert zandhoven.tips.count() == 2


def test_demo_pages_render_for_partners(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="partner"))
    for page in [*PracticePage.objects.live(), *MethodPage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url
    for path in ("", "tips/", "wie-is-wie/", "?thema=participatie&sorteer=az"):
        assert client.get("/nl/kennisbank/" + path).status_code == 200


def test_demo_runs_twice_without_changes(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing changed" in out.getvalue()
