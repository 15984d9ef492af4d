"""The ranked page of results is the same whether every match is grouped or only
the first rows in score order (the engines rank the first rows, then group them)."""

import pytest
from django.contrib.auth.models import AnonymousUser

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
