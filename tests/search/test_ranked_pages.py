"""The ranked page of results is the same whether every match is grouped or only
the first rows in score order (the engines rank the first rows, then group them)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import facets
from search import query as query_module
from search.engines import get_engine, sql
from search.engines.base import Spec
from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory
from tests.search.factories import easy


@pytest.fixture
def methods(home_page):
    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    for number in range(14):
        MethodPageFactory(
            parent=kennisbank,
            title=f"Gesprek {number}" if number % 3 else f"Methode {number}",
            lead="Een gesprek met ouders. " * (number % 4 + 1),
            # Every other one has an easy-read version: two rows in its group.
            easy_read=easy("Een gesprek.") if number % 2 else None,
        )


def _all_pages(spec, size):
    engine = get_engine()
    return [engine.hits(spec, offset, size) for offset in range(0, 16, size)]


@pytest.mark.parametrize("languages", [["nl"], None])
def test_ranking_the_first_rows_gives_the_pages_of_grouping_every_row(
    methods, monkeypatch, languages
):
    filters = {"taal": languages} if languages else {}
    spec = Spec(AnonymousUser(), query_module.parse("gesprek", ["nl"]), filters)
    monkeypatch.setattr(sql, "ROWS_SLACK", 10_000)
    exact = _all_pages(spec, 4)
    assert sum(len(page) for page in exact) == 14
    # No slack and one row per group: the first rows often hold too few groups, so
    # both the shortcut and the fallback run.
    monkeypatch.setattr(sql, "ROWS_SLACK", 0)
    for rows_per_group in (1, 2, 4):
        monkeypatch.setattr(sql, "ROWS_PER_GROUP", rows_per_group)
        assert _all_pages(spec, 4) == exact


@pytest.mark.parametrize(
    ("words", "filters", "match_any"),
    [
        ("gesprek", {"taal": ["nl"]}, False),
        ("gesprek", {}, False),
        ("gesprek", {"taal": ["nl"], "niveau": ["easy"]}, False),
        ("methode ouders", {"taal": ["nl"]}, True),
    ],
)
def test_the_summary_ranks_the_page_the_ranking_gives(
    methods, monkeypatch, words, filters, match_any
):
    """A new search counts and ranks its first page in one statement
    (``summary_and_hits``); its counts and page are those of asking separately."""
    engine = get_engine()
    spec = Spec(AnonymousUser(), query_module.parse(words, ["nl"]), filters, match_any)
    summary = engine.summary(spec, facets.FACETS)
    assert summary[0] > 0
    for offset in range(0, 20, 4):
        together, hits = engine.summary_and_hits(spec, facets.FACETS, offset, 4)
        assert together == summary
        assert hits == engine.hits(spec, offset, 4)
    # No slack and one row per group: where the first rows hold too few groups, the
    # page is left to the ranking (None), never guessed.
    monkeypatch.setattr(sql, "ROWS_SLACK", 0)
    monkeypatch.setattr(sql, "ROWS_PER_GROUP", 1)
    pages = [engine.summary_and_hits(spec, facets.FACETS, o, 4)[1] for o in range(0, 20, 4)]
    if not filters.get("niveau"):  # (easy-read rows only: one row per group)
        assert None in pages
    monkeypatch.setattr(sql, "ROWS_SLACK", 10_000)
    for offset, hits in zip(range(0, 20, 4), pages, strict=True):
        assert hits is None or hits == engine.hits(spec, offset, 4)
