"""The whole database as text, for the dump-and-grep test: every table of every app
(Django's, Wagtail's, the search backends', the many-to-many ones), read with
``SELECT *`` from the database's own list of tables."""

import json

from django.db import connection


def _text(value):
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="ignore")
    return str(value)


def database_text():
    """{table: its rows as one lower-case text}."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = cursor.fetchall()
            found[table] = "\n".join(
                json.dumps([_text(value) for value in row], ensure_ascii=False) for row in rows
            ).casefold()
    return found


def tables_mentioning(strings):
    """{string: [tables whose rows hold it]} (case-insensitive), only strings found."""
    texts = database_text()
    hits = {}
    for string in strings:
        tables = [table for table, text in texts.items() if string.casefold() in text]
        if tables:
            hits[string] = tables
    return hits
