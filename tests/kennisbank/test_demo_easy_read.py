"""The easy-read versions of practices in ``manage.py load_demo``."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import passed_test_readers
from demo.kennisbank_easy_read import PRACTICE_EASY_READ
from easyread.readability import analyse
from kennisbank.models import PracticePage

EASY_READ_SLUGS = {"hemiksem-soep", "kapellen-brugfiguur-school", "edegem-huiswerk"}


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    # The partner-only restrictions are made when the demo's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())


def load_demo_again():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def practice(slug):
    return PracticePage.objects.get(slug=slug)


def remove_easy_read(page, publish=True):
    """The page as a database loaded before the demo had easy-read practices."""
    page.easy_read = []
    revision = page.save_revision()
    if publish:
        revision.publish()
    return PracticePage.objects.get(pk=page.pk)


def easy_read_text(blocks):
    """The sentences of an easy-read stream, one per line, as the checker reads them."""
    lines = []
    for block_type, value in blocks:
        if block_type == "steps":
            lines += [value["heading"], *value["steps"]]
        elif block_type != "contact":
            lines.append(value["text"])
    return "\n".join(lines)


def test_demo_gives_exactly_three_practices_an_easy_read_version(demo):
    with_easy_read = {p.slug for p in PracticePage.objects.live() if p.has_easy_read}
    assert with_easy_read == EASY_READ_SLUGS == set(PRACTICE_EASY_READ)
    for slug in EASY_READ_SLUGS:
        page = practice(slug)
        assert page.audience == "public"
        assert page.easy_read_updated_at is not None
        assert not page.easy_read_may_be_outdated
        # Nobody sat with test readers for these texts: no label.
        assert passed_test_readers(page) is None


@pytest.mark.parametrize("slug", sorted(EASY_READ_SLUGS))
def test_demo_easy_read_texts_pass_the_easy_read_checker(slug):
    analysis = analyse(easy_read_text(PRACTICE_EASY_READ[slug]))
    assert analysis.verdict == "easy", analysis.as_dict()
    assert not analysis.long_sentences


def test_practice_page_offers_and_shows_its_easy_read_version(demo, client):
    page = practice("hemiksem-soep")

    full = client.get(page.url).content.decode()
    assert "Eenvoudige taal" in full
    assert 'href="?eenvoudig=1"' in full
    assert "Zet een weggeefkast naast de soep." in full  # a tip of the full text
    assert "Je mag gewoon binnenkomen." not in full

    easy = client.get(page.url + "?eenvoudig=1").content.decode()
    assert "Je mag gewoon binnenkomen." in easy
    assert "Fatima Ouali" in easy
    assert "Zet een weggeefkast naast de soep." not in easy


def test_practice_without_easy_read_version_has_no_toggle(demo, client):
    page = practice("boom-eettafel")
    assert 'href="?eenvoudig=1"' not in client.get(page.url).content.decode()


def test_second_demo_load_changes_no_easy_read_version(demo):
    before = {
        slug: (practice(slug).revisions.count(), practice(slug).easy_read_updated_at)
        for slug in EASY_READ_SLUGS
    }
    assert "nothing changed" in load_demo_again()
    after = {
        slug: (practice(slug).revisions.count(), practice(slug).easy_read_updated_at)
        for slug in EASY_READ_SLUGS
    }
    assert after == before


def test_demo_load_adds_easy_read_to_a_practice_loaded_before_it_had_one(demo, client):
    page = remove_easy_read(practice("hemiksem-soep"))
    assert not page.has_easy_read

    out = load_demo_again()

    assert "easy-read version: Hemiksem: soep op woensdag" in out
    page = practice("hemiksem-soep")
    assert page.has_easy_read
    assert not page.has_unpublished_changes
    assert "Je mag gewoon binnenkomen." in client.get(page.url + "?eenvoudig=1").content.decode()
    assert "nothing changed" in load_demo_again()


def test_demo_load_keeps_an_editors_draft_and_does_not_publish_it(demo):
    page = remove_easy_read(practice("edegem-huiswerk"))
    page.lead = "Een nieuwe inleiding waar de redacteur nog aan werkt."
    page.save_revision()

    out = load_demo_again()

    assert "easy-read version (draft): Edegem" in out
    page = practice("edegem-huiswerk")
    assert not page.has_easy_read  # the live page is untouched
    assert page.lead != "Een nieuwe inleiding waar de redacteur nog aan werkt."
    draft = page.get_latest_revision_as_object()
    assert draft.has_easy_read
    assert draft.lead == "Een nieuwe inleiding waar de redacteur nog aan werkt."
    assert "nothing changed" in load_demo_again()
