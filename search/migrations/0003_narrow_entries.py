"""Move the wide columns (snippet text, tokens, vectors) of SearchEntry into
SearchText, so filtering, counting and grouping scan a narrow table; add an integer
group id (a hash of group_key) to group and count on.

The old full-text structures (0002) are dropped first; the rows' text is copied
across; the new structures are created on search_searchtext (SQL frozen here).
"""

import django.db.models.deletion
from django.db import migrations, models

import search.fields

FTS = "search_searchentry_fts"
COLS = "title_index, lead_index, body_index, words_index"
NEW = "new.title_index, new.lead_index, new.body_index, new.words_index"
OLD = "old.title_index, old.lead_index, old.body_index, old.words_index"
DELETE_OLD = (
    f"INSERT INTO {FTS}({FTS}, rowid, {COLS}) VALUES ('delete', old.entry_id, {OLD});"
)
INSERT_NEW = f"INSERT INTO {FTS}(rowid, {COLS}) VALUES (new.entry_id, {NEW});"

SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLS}, content='search_searchtext', "
    "content_rowid='entry_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON search_searchtext "
    f"BEGIN {INSERT_NEW} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON search_searchtext "
    f"BEGIN {DELETE_OLD} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF {COLS} ON search_searchtext "
    f"BEGIN {DELETE_OLD} {INSERT_NEW} END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_text_vector_gin ON search_searchtext "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_text_words_gin ON search_searchtext "
    "USING gin (words_vector)",
]
WIDE = (
    "text",
    "title_index",
    "lead_index",
    "body_index",
    "words_index",
    "search_vector",
    "rank_vector",
    "words_vector",
)


def drop_old_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_words_gin")


def copy_text(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchText = apps.get_model("search", "SearchText")
    vector = schema_editor.connection.vendor == "postgresql"
    batch = []
    for row in SearchEntry.objects.values("pk", *WIDE).iterator(chunk_size=500):
        values = {name: row[name] for name in WIDE if vector or not name.endswith("vector")}
        batch.append(SearchText(entry_id=row["pk"], **values))
        if len(batch) >= 500:
            SearchText.objects.bulk_create(batch)
            batch = []
    SearchText.objects.bulk_create(batch)


def fill_group_ids(apps, schema_editor):
    import hashlib

    SearchEntry = apps.get_model("search", "SearchEntry")
    for pk, key in SearchEntry.objects.values_list("pk", "group_key").iterator(chunk_size=1000):
        digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
        group_id = int.from_bytes(digest, "big", signed=True)
        SearchEntry.objects.filter(pk=pk).update(group_id=group_id)


def create_new_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(drop_old_fulltext, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="content",
                        serialize=False,
                        to="search.searchentry",
                    ),
                ),
                ("text", models.TextField(blank=True)),
                ("title_index", models.TextField(blank=True)),
                ("lead_index", models.TextField(blank=True)),
                ("body_index", models.TextField(blank=True)),
                ("words_index", models.TextField(blank=True)),
                ("search_vector", search.fields.TsVectorField(blank=True, default="")),
                ("rank_vector", search.fields.TsVectorField(blank=True, default="")),
                ("words_vector", search.fields.TsVectorField(blank=True, default="")),
            ],
        ),
        migrations.RunPython(copy_text, migrations.RunPython.noop),
        *[migrations.RemoveField(model_name="searchentry", name=name) for name in WIDE],
        migrations.RunPython(create_new_fulltext, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchentry",
            name="group_id",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(fill_group_ids, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["group_id"], name="search_entry_group_id"),
        ),
    ]
