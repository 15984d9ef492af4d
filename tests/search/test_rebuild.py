"""``rebuild_search`` at scale: a rebuild reads the content in batches (its queries do
not grow with the number of pages), reads document text only where there is none,
and keeps the admin's search (Wagtail's own index, through its ``update_index``)
working."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from search import indexing
from search.models import SearchEntry, SearchEntryFacet
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory


@pytest.fixture
def kennisbank(home_page):
    return KennisbankIndexPageFactory(parent=home_page)


def _practices(kennisbank, count, start=0):
    theme, target = ThemeFactory(), TargetGroupFactory()
    for number in range(start, start + count):
        PracticePageFactory(
            parent=kennisbank,
            title=f"Praktijk {number}",
            organisation=OrganisationFactory(),
            themes=[theme],
            target_groups=[target],
            tips=[f"Tip {number} een", f"Tip {number} twee"],
            obstacles=[f"Drempel {number}"],
        )


def _queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_a_rebuild_runs_as_many_queries_for_twelve_practices_as_for_three(
    kennisbank, version_read_once
):
    _practices(kennisbank, 3)
    few = _queries(indexing.rebuild)
    _practices(kennisbank, 9, start=3)
    many = _queries(indexing.rebuild)
    assert many == few
    assert SearchEntry.objects.filter(kind="kennisbank.practicetip").count() == 24
    assert SearchEntryFacet.objects.filter(facet="theme").count() == 12 * 3  # page + 2 tips


def test_the_admin_search_finds_pages_after_a_rebuild_of_its_index(kennisbank):
    _practices(kennisbank, 2)
    IndexEntry.objects.all().delete()
    assert not Page.objects.search("Praktijk").count()
    call_command("rebuild_search", "--skip-extraction", stdout=StringIO())
    found = {page.title for page in Page.objects.search("Praktijk")}
    assert found == {"Praktijk 0", "Praktijk 1"}
    # The body text (a tip, through RelatedFields) is in it too.
    assert [p.title for p in Page.objects.search("Drempel")] != []


def test_rebuild_search_reads_only_documents_without_text(db, search_json):
    read = PortalDocumentFactory(title="Gelezen")
    read.file.save("gelezen.txt", ContentFile(b"Over de speeltuin."))
    # The text the upload task stored stays: the file is not read again.
    type(read).objects.filter(pk=read.pk).update(extracted_text="Over het zwembad.")
    out = StringIO()
    call_command("rebuild_search", "--portal-only", stdout=out)
    assert "tekst gelezen" not in out.getvalue()
    assert titles(search_json("zwembad")) == ["Gelezen"]
    assert search_json("speeltuin")["total"] == 0


def test_rebuild_search_reextract_reads_every_document_again(db, search_json):
    document = PortalDocumentFactory(title="Verslag")
    document.file.save("verslag.txt", ContentFile(b"Over de speeltuin."))
    type(document).objects.filter(pk=document.pk).update(extracted_text="Oude tekst.")
    out = StringIO()
    call_command("rebuild_search", "--portal-only", "--reextract", stdout=out)
    assert "tekst gelezen: 1/1" in out.getvalue()
    assert titles(search_json("speeltuin")) == ["Verslag"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_rebuild_on_postgresql_leaves_fresh_statistics_for_the_planner(kennisbank):
    _practices(kennisbank, 2)
    with CaptureQueriesContext(connection) as captured:
        indexing.rebuild()
    analyzed = [q["sql"] for q in captured if q["sql"].startswith("ANALYZE")]
    assert analyzed == ["ANALYZE search_searchentry, search_searchtext"]
