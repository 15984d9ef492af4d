"""``manage.py rebuild_search``: rebuild the portal's search index, with progress.

1. Reads the text of the documents that have none yet (never read, or the reading
   failed; ``--reextract``: every document again, e.g. after an extractor upgrade;
   ``--skip-extraction``: none). Uploads are read by the extraction task already, so
   this is usually nothing. The text is written without signals: the rebuild below
   indexes it.
2. Rebuilds the portal's own index (``search.SearchEntry``, and Elasticsearch when
   configured) from every live page, tip and untrashed document.
3. Runs Wagtail's own ``update_index`` (the index of the admin's searches and of
   ``Page.objects.search``), unless ``--portal-only``.
"""

import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Q
from wagtail.documents import get_document_model

from search import indexing
from search.tasks import EXTRACTION_FIELDS, read_text


class Command(BaseCommand):
    help = (
        "Bouwt de zoekindex van het portaal opnieuw op (en leest de tekst van documenten "
        "zonder tekst), daarna die van Wagtail (update_index)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-extraction",
            action="store_true",
            help="Lees geen tekst van documenten.",
        )
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="Lees de tekst van alle documenten opnieuw, ook die al gelezen is.",
        )
        parser.add_argument(
            "--portal-only",
            action="store_true",
            help="Alleen de zoekindex van het portaal, niet die van Wagtail (update_index).",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        started = time.monotonic()
        if not options["skip_extraction"]:
            self.extract(everything=options["reextract"])
        self.stdout.write("Zoekindex van het portaal opbouwen…")
        written = indexing.rebuild(stdout=self.stdout, batch_size=options["batch_size"])
        if not options["portal_only"]:
            self.stdout.write("Zoekindex van de beheeromgeving (Wagtail's update_index)…")
            call_command(
                "update_index",
                verbosity=options["verbosity"],
                # The streams this command was given (call_command) or the console's.
                stdout=options.get("stdout") or sys.stdout,
                stderr=options.get("stderr") or sys.stderr,
            )
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Klaar: {written} items in {seconds:.1f} s."))

    def extract(self, everything=False):
        Document = get_document_model()
        documents = Document.objects.filter(trashed_at__isnull=True)
        if not everything:
            # No text yet, and not a file type without text.
            documents = documents.filter(extracted_text="").exclude(
                Q(extraction_status=Document.ExtractionStatus.UNSUPPORTED)
            )
        pks = list(documents.order_by("pk").values_list("pk", flat=True))
        for number, pk in enumerate(pks, start=1):
            document = Document.objects.filter(pk=pk).first()
            if document is not None:
                text, status, error = read_text(document)
                if error:
                    self.stderr.write(f"  document {pk}: {error}")
                values = dict(zip(EXTRACTION_FIELDS, (text, status, error), strict=True))
                # No save(): no signals, no index update per document — the rebuild
                # that follows indexes every document once.
                Document.objects.filter(pk=pk).update(**values)
            if number % 50 == 0 or number == len(pks):
                self.stdout.write(f"  tekst gelezen: {number}/{len(pks)} documenten")
