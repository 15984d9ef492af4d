"""``manage.py update_index``: rebuild the portal's search index, with progress.

1. Re-reads the text of every document (``search.tasks.extract_document_text``,
   synchronously) unless ``--skip-extraction``; the extractor caps very long texts.
2. Rebuilds the portal's own index (``search.SearchEntry``, and Elasticsearch when
   configured) from every live page, tip and untrashed document.
3. Runs Wagtail's own ``wagtail_update_index`` (the admin's search) unless
   ``--portal-only``.

This replaces Wagtail's command of the same name (the ``search`` app comes before
``wagtail.search`` in INSTALLED_APPS); Wagtail's stays available as
``wagtail_update_index``.
"""

import importlib
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from search import indexing


def extraction_task():
    """The extraction task if the app provides one (None otherwise)."""
    try:
        module = importlib.import_module("search.tasks")
    except ImportError:
        return None
    return getattr(module, "extract_document_text", None)


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op (en leest de tekst van documenten opnieuw)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-extraction",
            action="store_true",
            help="Lees de tekst van documenten niet opnieuw.",
        )
        parser.add_argument(
            "--portal-only",
            action="store_true",
            help="Alleen de zoekindex van het portaal, niet die van de beheeromgeving.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        started = time.monotonic()
        if not options["skip_extraction"]:
            self.extract()
        self.stdout.write("Zoekindex van het portaal opbouwen…")
        written = indexing.rebuild(stdout=self.stdout, batch_size=options["batch_size"])
        if not options["portal_only"]:
            self.stdout.write("Zoekindex van de beheeromgeving (Wagtail) opbouwen…")
            call_command("wagtail_update_index", verbosity=options["verbosity"], stdout=self.stdout)
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Klaar: {written} items in {seconds:.1f} s."))

    def extract(self):
        task = extraction_task()
        if task is None:
            self.stdout.write("Geen tekstherkenning beschikbaar: documenten overgeslagen.")
            return
        run = getattr(task, "call", None) or task
        pks = list(
            get_document_model()
            .objects.filter(trashed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for number, pk in enumerate(pks, start=1):
            try:
                run(pk)
            except Exception as exc:  # one broken file must not stop the rebuild
                self.stderr.write(f"  document {pk}: {exc}")
            if number % 50 == 0 or number == len(pks):
                self.stdout.write(f"  tekst gelezen: {number}/{len(pks)} documenten")
