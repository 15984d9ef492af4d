"""Background tasks of the search app: document text extraction.

``extract_document_text`` runs through django-tasks: immediately in development and
tests, in the database worker (``manage.py db_worker``) in production. It never
raises for a bad file: the outcome is written on the document
(``extraction_status`` done / failed / unsupported, ``extraction_error``) and the
document is saved, which updates its search index entry.

What enqueues it: ``werkgroepen.signals`` after every document upload (front end and
Wagtail admin) and whenever a document's file is replaced.
"""

import logging

from django_tasks import task
from wagtail.documents import get_document_model

from search.extraction import ExtractionFailed, UnsupportedFileType, extract_text

logger = logging.getLogger(__name__)

EXTRACTION_FIELDS = ("extracted_text", "extraction_status", "extraction_error")


def read_text(document):
    """(text, status, error) of a document's file; never raises."""
    Status = type(document).ExtractionStatus
    text, status, error = "", Status.DONE, ""
    try:
        with document.open_file() as handle:
            text = extract_text(handle, document.filename)
    except UnsupportedFileType as exc:
        status, error = Status.UNSUPPORTED, str(exc)
    except ExtractionFailed as exc:
        status, error = Status.FAILED, str(exc)
    except OSError:
        # The stored file is missing or unreadable: record it, do not crash the worker.
        logger.warning("Document %s: file could not be opened", document.pk, exc_info=True)
        status, error = Status.FAILED, "Het bestand kon niet geopend worden."
    return text.replace("\x00", ""), status, error[:255]


@task()
def extract_document_text(document_id):
    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    document.extracted_text, document.extraction_status, document.extraction_error = read_text(
        document
    )
    # Saving with only these fields still triggers the search index update, and tells
    # the upload signal that this save needs no new extraction.
    document.save(update_fields=EXTRACTION_FIELDS)
    return document.extraction_status
