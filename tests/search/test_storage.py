"""The physical layout the search's statements rely on for speed: the pages that are
not live and the documents in the trash can be read from their own indexes, and on
PostgreSQL the ranking vector is kept in the row."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.engines.sql import hidden_documents_sql, hidden_pages_sql


def _plan(sql):
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables are cheaper to scan: ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(prefix + sql)
        return " ".join(str(column) for row in cursor.fetchall() for column in row)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hidden_sql", "column", "index"),
    [
        (hidden_pages_sql, "live", "search_page_not_live"),
        (hidden_documents_sql, "trashed_at", "portal_document_trashed"),
    ],
)
def test_the_privacy_filter_reads_what_nobody_may_open_from_an_index(
    home_page, hidden_sql, column, index
):
    sql, _params = hidden_sql(AnonymousUser())
    parts = [part for part in sql.split(" UNION ALL ") if column in part]
    assert len(parts) == 1
    assert index in _plan(parts[0])


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column storage")
def test_the_ranking_vector_is_kept_in_the_row_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'search_searchtext'::regclass AND attname = 'rank_vector'"
        )
        assert cursor.fetchone() == ("m",)
