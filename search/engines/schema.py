"""The database structures for full-text search that Django's models do not describe.

Idempotent: the migration runs ``install`` once, ``manage.py rebuild_search`` runs it
again before a rebuild (a later migration that alters ``search_searchentry`` on
SQLite recreates the table and drops its triggers).
"""

# The FTS table indexes the text rows; its rowid is the entry id.
TEXT_TABLE = "search_searchtext"
TEXT_KEY = "entry_id"
FTS_TABLE = "search_searchentry_fts"
# FTS5 column order; bm25() weights follow it (see engines.sqlite).
FTS_COLUMNS = ("title_index", "lead_index", "body_index", "words_index")


def _sqlite_statements():
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    # Only constant identifiers are formatted into these statements.
    delete_old = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) "  # noqa: S608
        f"VALUES ('delete', old.{TEXT_KEY}, {old});"
    )
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.{TEXT_KEY}, {new});"  # noqa: S608
    return [
        # Tokens arrive already folded; unicode61 only splits them on the spaces.
        # The prefix indexes make autocomplete prefix queries index lookups.
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, "
        f"content='{TEXT_TABLE}', content_rowid='{TEXT_KEY}', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TEXT_TABLE} "
        f"BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TEXT_TABLE} "
        f"BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF {cols} ON {TEXT_TABLE} "
        f"BEGIN {delete_old} {insert_new} END",
    ]


POSTGRES_STATEMENTS = [
    f"CREATE INDEX IF NOT EXISTS search_text_vector_gin ON {TEXT_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS search_text_words_gin ON {TEXT_TABLE} USING gin (words_vector)",
]


def ensure(connection):
    """Install what is missing (a no-op, without DDL, when all is there)."""
    if not is_installed(connection):
        install(connection)


def install(connection):
    if connection.vendor == "sqlite":
        statements = _sqlite_statements()
    elif connection.vendor == "postgresql":
        statements = POSTGRES_STATEMENTS
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_text_vector_gin")
            cursor.execute("DROP INDEX IF EXISTS search_text_words_gin")


def is_installed(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN (%s, %s)",
                ["search_text_vector_gin", "search_text_words_gin"],
            )
            return cursor.fetchone()[0] == 2
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS_TABLE, f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"],
        )
        return cursor.fetchone()[0] == 4
