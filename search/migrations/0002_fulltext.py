"""Full-text structures the ORM does not describe, per database.

SQLite: an FTS5 table over the entry's token columns (external content: it stores
only the inverted index) kept in step by triggers, so every insert, update and
delete of an entry, including cascades from deleted pages, updates it. PostgreSQL:
GIN indexes on the tsvector columns. The SQL lives in ``search.engines.schema`` so
``update_index`` can repair it; Django rebuilds a SQLite table when a later
migration alters it, which drops its triggers: such a migration must call
``schema.install`` again.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search.engines import schema

    schema.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from search.engines import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [migrations.RunPython(forwards, backwards)]
