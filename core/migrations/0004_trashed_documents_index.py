"""A partial index of the documents in the trash: every search statement's privacy
filter excludes them (``search.engines.sql.hidden_documents_sql``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_content_version"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="portaldocument",
            index=models.Index(
                condition=models.Q(trashed_at__isnull=False),
                fields=["id"],
                name="portal_document_trashed",
            ),
        ),
    ]
