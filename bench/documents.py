"""Documents of the benchmark portal: real small files in the private storage, with
their text already extracted (as the extraction task would leave them), attached to
practices or filed in a working group's private collection."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.text import slugify
from wagtail.models import Collection

from bench import files, text
from core.models import PortalDocument
from kennisbank.models import PracticeAttachment

PDF_EVERY = 10  # one document in ten is a PDF, the others plain text

KINDS = ["Verslag", "Evaluatie", "Uitnodiging", "Affiche", "Draaiboek", "Nota", "Presentatie"]


def _document(writer, number, collection):
    place = writer.pick(text.MUNICIPALITIES)
    activity = writer.pick(text.ACTIVITY).removeprefix("een ")
    title = f"{writer.pick(KINDS)} {activity} {place} {2020 + number % 6}"
    extra = f"Ook besproken: de {text.RARE_WORD}." if number % text.RARE_EVERY == 1 else ""
    if number % PDF_EVERY == 0:
        data = files.report_pdf(writer, 2 + number % 3)
        name = f"documents/{slugify(title)[:60]}-{number}.pdf"
        extracted = "\n".join(files.report_lines(writer, 20)) + ("\n" + extra if extra else "")
    else:
        data = files.report_text(writer, extra=extra)
        name = f"documents/{slugify(title)[:60]}-{number}.txt"
        extracted = data.decode("utf-8")
    stored = storages["private"].save(name, ContentFile(data))
    return PortalDocument(
        title=title,
        file=stored,
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        collection=collection,
        description=writer.paragraph(text.GOAL, 1, 1, place),
        extracted_text=extracted,
        extraction_status=PortalDocument.ExtractionStatus.DONE,
    )


def build_documents(writer, count, *, collection=None, start=0):
    collection = collection or Collection.get_first_root_node()
    documents = [_document(writer, start + n, collection) for n in range(count)]
    return PortalDocument.objects.bulk_create(documents, batch_size=500)


def attach(documents, practice_ids):
    """Spread the documents over the practices, one attachment row each."""
    if not practice_ids:
        return 0
    rows = [
        PracticeAttachment(
            page_id=practice_ids[n % len(practice_ids)], document_id=d.pk, sort_order=0
        )
        for n, d in enumerate(documents)
    ]
    PracticeAttachment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
