"""Two physical changes for the search's statements (issue 8); no model state changes.

- PostgreSQL: ``rank_vector`` is kept in the row (STORAGE MAIN). Ranking reads it up
  to five times per matching row, and stored out of line (TOAST) every read fetched
  and decompressed it again: ranking 1,189 rows took 10.5 ms, in the row 2.7 ms.
  Existing rows are rewritten so their vectors move in, and the table is then
  compacted (VACUUM FULL, outside a transaction, a few seconds at 10,000 practices):
  the rewrite leaves a dead copy of every row, and the twice as large table made
  the first search of a common word 30 % slower.
- A partial index of the pages that are not live: every search statement's privacy
  filter excludes them, and without it each statement read the whole page table
  (1 ms at 10,000 practices on PostgreSQL). It lives on Wagtail's table, so it is
  created after Wagtail's migrations of this version.
"""

from django.db import migrations

NOT_LIVE_INDEX = "search_page_not_live"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NOT_LIVE_INDEX} ON wagtailcore_page (id) WHERE NOT live"
    )
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchtext ALTER COLUMN rank_vector SET STORAGE MAIN"
        )
        # A new value (concatenated with nothing) is stored under the new setting.
        schema_editor.execute(
            "UPDATE search_searchtext SET rank_vector = rank_vector || ''::tsvector"
        )
        schema_editor.execute("VACUUM FULL ANALYZE search_searchtext")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NOT_LIVE_INDEX}")
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchtext ALTER COLUMN rank_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction

    dependencies = [
        ("search", "0004_translatable_synonyms"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
