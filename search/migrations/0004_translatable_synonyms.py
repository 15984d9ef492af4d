"""Synonyms become translatable (a language each). Existing synonyms are Dutch: the
default locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Locale = apps.get_model("wagtailcore", "Locale")
    from django.conf import settings

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for synonym in Synonym.objects.all():
        synonym.translation_key = uuid.uuid4()
        synonym.locale = locale
        synonym.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_narrow_entries"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="synonym",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="synonym",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="synonym",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="synonym",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="synonym",
            unique_together={("translation_key", "locale")},
        ),
    ]
