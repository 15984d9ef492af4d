"""Portals of a chosen size for the query-count tests, built in bulk with the benchmark
seeder (``bench/``): the same realistic content ``make bench`` measures, in a fraction
of the time page-by-page factories would need."""

import random

import pytest

from bench import content
from bench import documents as bench_documents
from bench.inprocess import measure_request
from bench.text import Writer

SMALL, LARGE = 5, 40
GROUP_MEMBER = "wg0-lid1"  # a member (not a lead) of the first generated working group


@pytest.fixture
def grow(home_page, role_groups):
    """``grow(n)`` adds ``n`` practices (with methods, tips, obstacles, taxonomy links,
    partner-only restrictions and attached documents) to the kennisbank, and working
    groups with meetings, input items and private documents in proportion. With
    ``search_index=True`` the search index is rebuilt afterwards (the seeder writes in
    bulk, without the signals that index)."""
    from bench import groups as bench_groups
    from core.cache import bump_content_version
    from search import indexing
    from tests.werkgroepen.factories import FeedbackPageFactory

    rng = random.Random(11)
    FeedbackPageFactory(parent=home_page)

    def _grow(practices, search_index=False):
        writer = Writer(rng)
        built = content.build_kennisbank(rng, practices)
        documents = bench_documents.build_documents(writer, max(1, practices // 5))
        bench_documents.attach(documents, built["practice_ids"])
        bench_groups.build_groups(writer, max(1, practices // 10), documents=practices // 5)
        if search_index:
            indexing.rebuild()
        # Bulk inserts send no signals: tell the caches the content changed, as every
        # save does (core.cache).
        bump_content_version()
        return built

    return _grow


@pytest.fixture(autouse=True)
def _content_version_read_once(version_read_once):
    """Every count here reads the content version once (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _drop_logged_searches():
    """The searches these tests run are counted in memory for the editors' report and
    written later; drop them, as the search app's own tests do."""
    from search import querylog

    yield
    querylog._take()


def queries(client, url):
    """Database queries of a GET of ``url`` (after a warm-up request), and the status."""
    status, count, _size = measure_request(client, url, repeats=1)
    return count, status


def cold_queries(client, url):
    """Database queries of the first GET of ``url`` after a change of content, when
    nothing kept per content version (core.cache.versioned) can be reused."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import bump_content_version

    bump_content_version()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.status_code
