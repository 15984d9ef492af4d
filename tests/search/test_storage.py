"""The physical layout the search's statements rely on for speed (migration 0005):
the pages that are not live can be read from their own index, and on PostgreSQL the
ranking vector is kept in the row."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.engines.sql import hidden_pages_sql


def _plan(sql, params):
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables are cheaper to scan: ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(prefix + sql, params)
        return " ".join(str(column) for row in cursor.fetchall() for column in row)


@pytest.mark.django_db
def test_the_privacy_filter_reads_the_pages_that_are_not_live_from_their_index(home_page):
    sql, _params = hidden_pages_sql(AnonymousUser())
    not_live = [part for part in sql.split(" UNION ALL ") if "live" in part]
    assert len(not_live) == 1
    assert "search_page_not_live" in _plan(not_live[0], [])


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column storage")
def test_the_ranking_vector_is_kept_in_the_row_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'search_searchtext'::regclass AND attname = 'rank_vector'"
        )
        assert cursor.fetchone() == ("m",)
