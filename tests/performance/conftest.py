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


@pytest.fixture
def grow(home_page, role_groups):
    """``grow(n)`` adds ``n`` practices (with methods, tips, obstacles, taxonomy links,
    partner-only restrictions and attached documents) to the kennisbank."""
    rng = random.Random(11)

    def _grow(practices):
        built = content.build_kennisbank(rng, practices)
        documents = bench_documents.build_documents(Writer(rng), max(1, practices // 5))
        bench_documents.attach(documents, built["practice_ids"])
        return built

    return _grow


def queries(client, url):
    """Database queries of a GET of ``url`` (after a warm-up request), and the status."""
    status, count, _size = measure_request(client, url, repeats=1)
    return count, status
