"""``update_index`` at scale: a rebuild reads the content in batches (its queries do
not grow with the number of pages), reads document text only where there is none,
and keeps the admin's search (Wagtail's own index) working."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from search import indexing, wagtail_index
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


def test_rebuilding_the_admin_index_runs_no_query_per_practice(kennisbank, version_read_once):
    _practices(kennisbank, 3)
    few = _queries(wagtail_index.rebuild)
    _practices(kennisbank, 9, start=3)
    many = _queries(wagtail_index.rebuild)
    # Wagtail's own command ran 9 more per practice here (3 taxonomies x title, body,
    # autocomplete). What remains grows with the batches of the backend's title-norm
    # update, not with the pages.
    assert many < few + 9


def test_the_admin_search_finds_pages_after_a_rebuild_of_its_index(kennisbank):
    _practices(kennisbank, 2)
    IndexEntry.objects.all().delete()
    assert not Page.objects.search("Praktijk").count()
    call_command("update_index", "--skip-extraction", stdout=StringIO())
    found = {page.title for page in Page.objects.search("Praktijk")}
    assert found == {"Praktijk 0", "Praktijk 1"}
    # The body text (a tip, through RelatedFields) is in it too.
    assert [p.title for p in Page.objects.search("Drempel")] != []


def _admin_index_rows():
    return sorted(
        (entry.content_type_id, entry.object_id, str(entry.title), str(entry.body))
        for entry in IndexEntry.objects.all()
    )


def test_the_admin_index_reads_each_search_field_once_and_writes_the_same_rows(
    kennisbank, monkeypatch
):
    """``search.modelsearch_fields``: the backend of the database in use builds a row
    reading each of the object's search fields once, not once per column, and the
    rows are the ones modelsearch's own indexer writes."""
    import importlib

    from modelsearch import index as modelsearch_index
    from modelsearch.backends import get_search_backend

    from kennisbank.models import PracticePage
    from search import modelsearch_fields

    _practices(kennisbank, 3)
    module = importlib.import_module(modelsearch_fields.BACKEND_MODULES[connection.vendor])
    assert module.ObjectIndexer.reads_each_field_once
    original = module.ObjectIndexer.__mro__[1]

    reads = []
    for kind in (modelsearch_index.SearchField, modelsearch_index.AutocompleteField):
        real = kind.get_value

        def counted(self, obj, real=real):
            reads.append((id(self), type(obj).__name__, obj.pk))
            return real(self, obj)

        monkeypatch.setattr(kind, "get_value", counted)

    def row_reads(indexer_class):
        reads.clear()
        page = PracticePage.objects.get(title="Praktijk 1")
        indexer = indexer_class(page, get_search_backend())
        for column in ("title", "body", "autocomplete"):
            getattr(indexer, column)
        return sorted(reads)

    once, every_column = row_reads(module.ObjectIndexer), row_reads(original)
    assert len(once) == len(set(once))  # each search field of each object read once
    assert set(once) == set(every_column)
    assert len(every_column) >= 2 * len(once)

    wagtail_index.rebuild()
    patched = _admin_index_rows()
    assert patched
    monkeypatch.setattr(module, "ObjectIndexer", original)
    IndexEntry.objects.all().delete()
    wagtail_index.rebuild()
    assert _admin_index_rows() == patched


def test_update_index_reads_only_documents_without_text(db, search_json):
    read = PortalDocumentFactory(title="Gelezen")
    read.file.save("gelezen.txt", ContentFile(b"Over de speeltuin."))
    # The text the upload task stored stays: the file is not read again.
    type(read).objects.filter(pk=read.pk).update(extracted_text="Over het zwembad.")
    out = StringIO()
    call_command("update_index", "--portal-only", stdout=out)
    assert "tekst gelezen" not in out.getvalue()
    assert titles(search_json("zwembad")) == ["Gelezen"]
    assert search_json("speeltuin")["total"] == 0


def test_update_index_reextract_reads_every_document_again(db, search_json):
    document = PortalDocumentFactory(title="Verslag")
    document.file.save("verslag.txt", ContentFile(b"Over de speeltuin."))
    type(document).objects.filter(pk=document.pk).update(extracted_text="Oude tekst.")
    out = StringIO()
    call_command("update_index", "--portal-only", "--reextract", stdout=out)
    assert "tekst gelezen: 1/1" in out.getvalue()
    assert titles(search_json("speeltuin")) == ["Verslag"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_rebuild_on_postgresql_leaves_fresh_statistics_for_the_planner(kennisbank):
    _practices(kennisbank, 2)
    with CaptureQueriesContext(connection) as captured:
        indexing.rebuild()
    analyzed = [q["sql"] for q in captured if q["sql"].startswith("ANALYZE")]
    assert analyzed == ["ANALYZE search_searchentry, search_searchtext"]
