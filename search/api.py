"""The public interface of the site search: the only module of ``search`` that other
apps (home, kennisbank, werkgroepen, demo, the benchmark) import.

Keeping the index current needs no call: saving or deleting a page, a practice's tip
or a document updates its rows after the transaction commits (``search.signals``).
What this module offers is for the cases that need more:

``held()``
    A context manager for a bulk job (an import): the index work of everything saved
    inside is done once, when the block ends, instead of after every commit.
``rebuild()``
    Build the portal's whole index again; returns the number of rows.
    ``manage.py rebuild_search`` does this too, after reading missing document text,
    and then runs Wagtail's own ``update_index``.
``EXTRACTION_FIELDS`` and ``extract_text_later(document_id)``
    The document fields that text extraction writes (a save of only these needs no
    new extraction), and queueing the extraction of a document's text once the
    current transaction commits (a background task; it saves the document, which
    indexes it).
``extract_text(file, filename)``
    The text of a file now (PDF, DOCX, ODT, XLSX, PPTX, text); raises
    ``UnsupportedFileType`` or ``ExtractionFailed``.
``search(request, raw, params, language)``
    One search as the search page runs it: limited to what ``request.user`` may see.
"""

from django.db import transaction

from . import indexing, service
from .extraction import ExtractionFailed, UnsupportedFileType, extract_text
from .signals import held
from .tasks import EXTRACTION_FIELDS, extract_document_text

__all__ = [
    "EXTRACTION_FIELDS",
    "ExtractionFailed",
    "UnsupportedFileType",
    "extract_text",
    "extract_text_later",
    "held",
    "rebuild",
    "search",
]


def rebuild():
    """Build the portal's whole index again; returns the number of rows written."""
    return indexing.rebuild()


def extract_text_later(document_id):
    """Queue reading the text of document ``document_id`` once the current
    transaction commits."""
    transaction.on_commit(lambda: extract_document_text.enqueue(document_id))


def search(request, raw, params, language):
    """The outcome of one search (``search.service.Outcome``) for ``request.user``."""
    return service.search(request, raw, params, language)
