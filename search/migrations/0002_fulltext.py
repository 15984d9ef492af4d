"""Full-text structures the ORM does not describe, per database (first version: on
the entry table itself; 0003 moves them to ``search_searchtext``).

SQLite: an FTS5 table over the entry's token columns (external content: it stores
only the inverted index) kept in step by triggers. PostgreSQL: GIN indexes on the
tsvector columns. The SQL is frozen here; the current version lives in
``search.engines.schema``.
"""

from django.db import migrations

FTS = "search_searchentry_fts"
COLS = "title_index, lead_index, body_index, words_index"
NEW = "new.title_index, new.lead_index, new.body_index, new.words_index"
OLD = "old.title_index, old.lead_index, old.body_index, old.words_index"
DELETE_OLD = f"INSERT INTO {FTS}({FTS}, rowid, {COLS}) VALUES ('delete', old.id, {OLD});"
INSERT_NEW = f"INSERT INTO {FTS}(rowid, {COLS}) VALUES (new.id, {NEW});"

SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLS}, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON search_searchentry "
    f"BEGIN {INSERT_NEW} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON search_searchentry "
    f"BEGIN {DELETE_OLD} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF {COLS} ON search_searchentry "
    f"BEGIN {DELETE_OLD} {INSERT_NEW} END",
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_words_gin ON search_searchentry "
    "USING gin (words_vector)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_words_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [migrations.RunPython(forwards, backwards)]
