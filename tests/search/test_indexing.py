"""The index keeps itself current: publishing, unpublishing, drafts, moves, deletes,
uploads, new text, trash, tags; ``rebuild_search`` rebuilds everything with progress."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from search.engines import schema
from search.models import SearchEntry
from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory
from tests.portal.factories import UserFactory
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory, trash
from tests.werkgroepen.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory


@pytest.fixture
def kennisbank(home_page):
    return KennisbankIndexPageFactory(parent=home_page)


@pytest.fixture
def method(kennisbank):
    return MethodPageFactory(parent=kennisbank, title="Buurtgesprekken", lead="Praten in de wijk.")


def test_a_published_change_is_found_and_the_old_text_is_not(method, search_json):
    method.lead = "Praten op het plein."
    method.save_revision().publish()
    assert titles(search_json("plein")) == ["Buurtgesprekken"]
    assert search_json("wijk")["total"] == 0


def test_work_held_during_a_run_is_done_once_when_it_ends(method, search_json):
    from search import signals

    with signals.held():
        method.lead = "Praten op het plein."
        method.save_revision().publish()
        assert search_json("plein")["total"] == 0
        assert search_json("wijk")["total"] == 1
    assert titles(search_json("plein")) == ["Buurtgesprekken"]
    assert search_json("wijk")["total"] == 0
    # Outside the block a save is indexed at once again.
    method.lead = "Praten in het park."
    method.save_revision().publish()
    assert titles(search_json("park")) == ["Buurtgesprekken"]


def _index_rows():
    return sorted(
        (
            entry.key,
            entry.kind,
            entry.title,
            entry.page_id,
            entry.language,
            entry.group_key,
            entry.page_path,
            entry.content.text,
            entry.content.body_index,
            tuple(sorted(entry.facets.values_list("facet", "value"))),
        )
        for entry in SearchEntry.objects.select_related("content")
    )


def test_pages_indexed_in_a_batch_get_the_rows_each_page_alone_would_get(kennisbank, search_json):
    """``index_pages`` (the end of an import, a held run) writes a batch of pages at a
    time: the same rows as indexing each page on its own, a page that is no longer live
    loses its rows, and the work does not grow by a query per page."""
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from search import indexing

    def pages(count, start):
        return [
            MethodPageFactory(
                parent=kennisbank, title=f"Kookatelier {n}", lead=f"Samen koken in wijk {n}."
            )
            for n in range(start, start + count)
        ]

    few, many = pages(3, 0), pages(8, 3)
    # Each batch has a page taken offline behind the receivers' back: its rows are
    # still there.
    offline = [few[0], many[0]]
    Page.objects.filter(pk__in=[page.pk for page in offline]).update(live=False)
    assert SearchEntry.objects.filter(page__in=offline).count() >= 2

    counts = []
    for batch in (few, many):
        with CaptureQueriesContext(connection) as queries:
            indexing.index_pages([page.pk for page in batch])
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert not SearchEntry.objects.filter(page__in=offline).exists()
    live = few[1:] + many[1:]
    assert set(titles(search_json("kookatelier", per_page=50))) == {p.title for p in live}

    batched = _index_rows()
    assert len(batched) >= len(live)
    for page in live:
        indexing.index_object(page)
    assert _index_rows() == batched


def test_a_draft_never_reaches_the_index(method, search_json):
    method.lead = "Geheim concept over het plein."
    method.save_revision()  # saved, not published
    assert search_json("plein")["total"] == 0
    assert titles(search_json("wijk")) == ["Buurtgesprekken"]


def test_unpublishing_removes_and_republishing_restores(method, search_json):
    method.unpublish()
    assert search_json("buurtgesprekken")["total"] == 0
    assert not SearchEntry.objects.filter(page=method).exists()
    method.save_revision().publish()
    assert search_json("buurtgesprekken")["total"] == 1


def test_deleting_a_page_deletes_its_entries(method, search_json):
    method.delete()
    assert (
        not SearchEntry.objects.filter(key__startswith="page:")
        .exclude(page=None)
        .filter(title="Buurtgesprekken")
        .exists()
    )
    assert search_json("buurtgesprekken")["total"] == 0


def test_moving_a_page_into_a_space_makes_it_private_and_part_of_the_group(
    method, home_page, role_groups, search_json
):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    space = WorkingGroupPageFactory(parent=index, title="Wonen", slug="wonen")
    member = UserFactory(username="lid")
    member.save()
    member.groups.add(space.member_group)
    method.move(space, pos="last-child")
    assert search_json("buurtgesprekken")["total"] == 0
    answer = search_json("buurtgesprekken", user=member)
    assert answer["facets"]["werkgroep"] == {str(space.pk): 1}
    entry = SearchEntry.objects.get(page=method, reading_level="full")
    assert entry.page_path.startswith(space.path)


def test_an_uploaded_document_is_found_and_a_new_text_replaces_the_old(db, search_json):
    document = PortalDocumentFactory(title="Verslag", extracted_text="Over de speeltuin.")
    assert titles(search_json("speeltuin")) == ["Verslag"]
    document.extracted_text = "Over de bibliotheek."
    document.save(update_fields=["extracted_text"])
    assert search_json("speeltuin")["total"] == 0
    assert titles(search_json("bibliotheek")) == ["Verslag"]


def test_trash_hides_a_document_and_restoring_brings_it_back(db, search_json):
    document = PortalDocumentFactory(title="Verslag speeltuin")
    trash(document)
    assert search_json("speeltuin")["total"] == 0
    assert not SearchEntry.objects.filter(document=document).exists()
    document.trashed_at = None
    document.save()
    assert search_json("speeltuin")["total"] == 1


def test_a_trashed_document_is_hidden_even_if_its_entry_lingers(db, search_json):
    document = PortalDocumentFactory(title="Verslag speeltuin")
    type(document).objects.filter(pk=document.pk).update(trashed_at="2025-01-01T00:00:00Z")
    assert SearchEntry.objects.filter(document=document).exists()
    assert search_json("speeltuin")["total"] == 0


def test_new_tags_are_searchable(db, search_json):
    document = PortalDocumentFactory(title="Verslag")
    document.tags.add("huurwaarborg")
    assert titles(search_json("huurwaarborg")) == ["Verslag"]
    document.tags.clear()
    assert search_json("huurwaarborg")["total"] == 0


def test_deleting_a_document_deletes_its_entry(db, search_json):
    document = PortalDocumentFactory(title="Verslag speeltuin")
    document.delete()
    assert not SearchEntry.objects.filter(title="Verslag speeltuin").exists()


def test_very_long_text_is_capped(db, settings):
    text = "woord " * 60_000 + "slotwoord"
    document = PortalDocumentFactory(title="Lang", extracted_text=text)
    entry = SearchEntry.objects.get(document=document)
    assert len(entry.content.text) <= 20_000
    assert "slotwoord" not in entry.content.body_index


def test_rebuild_search_rebuilds_everything_with_progress(method, search_json):
    PortalDocumentFactory(title="Folder buurt", extracted_text="buurt")
    SearchEntry.objects.all().delete()
    assert search_json("buurt")["total"] == 0
    out = StringIO()
    call_command("rebuild_search", "--skip-extraction", "--portal-only", stdout=out)
    output = out.getvalue()
    assert "methodes: 1/1" in output
    assert "documenten: 1/1" in output
    assert "Klaar" in output
    assert set(titles(search_json("buurt"))) == {"Buurtgesprekken", "Folder buurt"}


def test_rebuild_search_reads_document_text_again(db, search_json):
    document = PortalDocumentFactory(title="Verslag")
    document.file.save("verslag.txt", ContentFile(b"Over de speeltuin in de wijk."))
    type(document).objects.filter(pk=document.pk).update(extracted_text="")
    out = StringIO()
    call_command("rebuild_search", "--portal-only", stdout=out)
    assert "tekst gelezen: 1/1" in out.getvalue()
    document.refresh_from_db()
    assert "speeltuin" in document.extracted_text
    assert titles(search_json("speeltuin")) == ["Verslag"]


def test_rebuild_search_also_runs_wagtails_own_update_index(method):
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search", "--skip-extraction", stdout=out)
    assert "beheeromgeving" in out.getvalue()
    assert [page.title for page in Page.objects.search("Buurtgesprekken")] == ["Buurtgesprekken"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_rebuild_search_repairs_missing_fts_triggers(method, search_json):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {schema.FTS_TABLE}_ai")
    assert not schema.is_installed(connection)
    call_command("rebuild_search", "--skip-extraction", "--portal-only", stdout=StringIO())
    assert schema.is_installed(connection)
    assert titles(search_json("buurtgesprekken")) == ["Buurtgesprekken"]


def test_an_alias_is_not_a_second_result(method, kennisbank, search_json):
    method.create_alias(parent=kennisbank, update_slug="buurtgesprekken-kopie")
    assert titles(search_json("buurtgesprekken")) == ["Buurtgesprekken"]
