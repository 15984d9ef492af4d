"""Import practice sheets (.txt, .md, .docx, .odt) as practice pages.

    manage.py import_praktijkfiches PATH [PATH ...] [--parent URL_PATH] [--publish] [--dry-run]

One line per file: ``created|updated|unchanged|failed  <page URL or ->  <title or reason>``,
then a summary. Exit status 1 when a file failed. A folder imports every sheet in it
(a macro-enabled Word file there is reported as refused). A sheet without
classification lines gets proposed terms and stays a draft (kennisbank.importer.suggest).
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from kennisbank.importer.indexing import deferred_indexing
from kennisbank.importer.readers import MACRO_SUFFIXES, SUPPORTED_SUFFIXES
from kennisbank.importer.store import FAILED, import_files
from kennisbank.models import KennisbankIndexPage

STATUSES = ("created", "updated", "unchanged", "failed")


def find_parent(url_path):
    """The kennisbank index at ``url_path`` ("/nl/kennisbank/", or the tree path
    "/home/kennisbank/"); without one, the Dutch (default-language) kennisbank."""
    indexes = KennisbankIndexPage.objects.order_by("path")
    if not url_path:
        page = indexes.filter(locale=Locale.get_default()).first() or indexes.first()
        if page is None:
            raise CommandError("There is no kennisbank index page yet; create one first.")
        return page
    wanted = "/" + url_path.strip("/") + "/"
    for page in indexes:
        if wanted in (page.url_path, page.get_url()):
            return page
    raise CommandError(f"No kennisbank index page at {url_path!r}.")


def expand(paths):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            wanted = SUPPORTED_SUFFIXES | MACRO_SUFFIXES
            files = (p for p in path.iterdir() if p.is_file())
            yield from sorted(p for p in files if p.suffix.lower() in wanted)
        else:
            yield path


class Command(BaseCommand):
    help = "Import practice sheets (.txt, .md, .docx, .odt) as practice pages in the kennisbank."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="sheet files or folders")
        parser.add_argument(
            "--parent", metavar="URL_PATH", help="the kennisbank index, e.g. /nl/kennisbank/"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the pages (default: draft)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")

    def handle(self, *args, paths, parent=None, publish=False, dry_run=False, **options):
        index = find_parent(parent)
        counts = dict.fromkeys(STATUSES, 0)
        started = time.perf_counter()
        # The imported pages are indexed for search once, after the last file.
        with deferred_indexing():
            for result in import_files(expand(paths), index, publish=publish, dry_run=dry_run):
                path = result.path
                counts[result.status] += 1
                label = (
                    result.message if result.status != FAILED else f"{path.name}: {result.message}"
                )
                line = f"{result.status}  {result.url}  {label}"
                style = self.style.ERROR if result.status == FAILED else (lambda text: text)
                self.stdout.write(style(line))
                for warning in result.warnings:
                    self.stderr.write(f"  ! {path.name}: {warning}")
        total = sum(counts.values())
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        self.stdout.write(
            f"{total} file(s): {summary} in {elapsed:.1f} s"
            + (" -- dry run, nothing saved" if dry_run else "")
        )
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} file(s) failed.")
