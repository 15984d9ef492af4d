"""Plain text out of uploaded documents, for search.

``extract_text(file, filename)`` reads PDF (pypdf), DOCX (python-docx), ODT/ODS/ODP
(odfpy), XLSX (openpyxl, read-only), PPTX (python-pptx) and TXT/CSV (UTF-8, else the
most likely charset). The result is capped at ``PORTAL_EXTRACTED_TEXT_MAX_CHARS``
characters; readers stop early once the cap is reached, so a 2,000-page PDF costs no
more than the pages needed.

It raises only two exceptions, both subclasses of ``ExtractionError``:
``UnsupportedFileType`` (a type we do not read, e.g. images) and ``ExtractionFailed``
(a broken, encrypted or oversized file; the message says why, in Dutch). Whatever a
library raises on a malformed file is turned into ``ExtractionFailed``; callers never
see a parser's own exception. ``search.tasks.extract_document_text`` records the
outcome on the document.
"""

import codecs
import io
import os
import zipfile

from django.conf import settings

# Each reader imports its document library on first use: most processes never read an
# office file, and the libraries are slow to load.

DEFAULT_MAX_CHARS = 500_000
# Office files are zip archives; a few kilobytes can unpack to gigabytes. We refuse
# archives that would unpack to more than this before a parser reads them.
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class ExtractionError(ValueError):
    """Text could not be extracted; ``str(error)`` is a short Dutch explanation."""


class UnsupportedFileType(ExtractionError):
    pass


class ExtractionFailed(ExtractionError):
    pass


def max_chars():
    return getattr(settings, "PORTAL_EXTRACTED_TEXT_MAX_CHARS", DEFAULT_MAX_CHARS)


def _max_unpacked():
    return getattr(settings, "PORTAL_EXTRACTION_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


class _Collector:
    """Gathers text pieces until the cap is reached."""

    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0

    @property
    def full(self):
        return self.size >= self.limit

    def add(self, text):
        text = (text or "").strip()
        if text and not self.full:
            self.parts.append(text)
            self.size += len(text) + 1

    def text(self):
        return "\n".join(self.parts)[: self.limit]


def _read_bytes(file):
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def _check_zip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ExtractionFailed("Het bestand is beschadigd (geen geldig Office-bestand).") from error
    if sum(info.file_size for info in archive.infolist()) > _max_unpacked():
        raise ExtractionFailed("Het bestand is uitgepakt te groot om te lezen.")
    return archive


def _pdf(data, out):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Some PDFs only carry an owner password: they open with an empty one.
        try:
            opened = reader.decrypt("")
        except Exception as error:
            raise ExtractionFailed("De PDF is versleuteld.") from error
        if not opened:
            raise ExtractionFailed("De PDF is beveiligd met een wachtwoord.")
    for page in reader.pages:
        out.add(page.extract_text())
        if out.full:
            break


def _docx(data, out):
    import docx

    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        out.add(paragraph.text)
        if out.full:
            return
    for table in document.tables:
        for row in table.rows:
            out.add("\t".join(cell.text for cell in row.cells))
            if out.full:
                return


def _odf(data, out):
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(data)
    document = load(io.BytesIO(data))
    wanted = {(TEXTNS, "p"), (TEXTNS, "h")}

    def walk(node):
        for child in node.childNodes:
            if out.full:
                return
            if getattr(child, "qname", None) in wanted:
                out.add(teletype.extractText(child))
            else:
                walk(child)

    walk(document.body)


def _xlsx(data, out):
    import openpyxl

    _check_zip(data)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            out.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                out.add("\t".join(str(value) for value in row if value is not None))
                if out.full:
                    return
    finally:
        workbook.close()


def _pptx(data, out):
    import pptx

    _check_zip(data)
    presentation = pptx.Presentation(io.BytesIO(data))
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.add(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    out.add("\t".join(cell.text for cell in row.cells))
            if out.full:
                return
        if slide.has_notes_slide:
            out.add(slide.notes_slide.notes_text_frame.text)


# Legacy encodings our users' files most often come in (Flemish Windows machines).
# Among the candidates that charset detection finds equally plausible, these win.
PREFERRED_ENCODINGS = ("cp1252", "iso8859_15", "latin_1")


def decode_text(data):
    """Decode text bytes: UTF-8 (with or without BOM), else the most plausible charset
    (Western European preferred among equally plausible ones), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data[:200_000]))
        if matches:
            calmest = min(match.percent_chaos for match in matches)
            plausible = [m.encoding for m in matches if m.percent_chaos <= calmest + 1.0]
            preferred = [name for name in PREFERRED_ENCODINGS if name in plausible]
            return data.decode((preferred or plausible)[0], errors="replace")
    except Exception:  # noqa: S110 -- detection is a best effort; cp1252 below always works
        pass
    return data.decode("cp1252", errors="replace")


def _text(data, out):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        out.add(data[: out.limit * 4].decode("utf-16", errors="replace"))
        return
    if b"\x00" in data[:8192]:
        raise ExtractionFailed("Dit lijkt geen tekstbestand.")
    out.add(decode_text(data[: out.limit * 4]))


READERS = {
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odf,
    "ods": _odf,
    "odp": _odf,
    "xlsx": _xlsx,
    "pptx": _pptx,
    "txt": _text,
    "csv": _text,
}


def extension_of(filename):
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def extract_text(file, filename):
    """The text of ``file`` (a file object or bytes), judged by ``filename``'s extension.

    Returns at most ``max_chars()`` characters. Raises ``UnsupportedFileType`` or
    ``ExtractionFailed`` (see the module docstring), nothing else.
    """
    reader = READERS.get(extension_of(filename))
    if reader is None:
        raise UnsupportedFileType("Van dit bestandstype wordt geen tekst gelezen.")
    out = _Collector(max_chars())
    try:
        data = _read_bytes(file)
        reader(data, out)
    except ExtractionError:
        raise
    except MemoryError as error:
        raise ExtractionFailed("Het bestand is te groot om te lezen.") from error
    except Exception as error:
        kind = extension_of(filename).upper()
        raise ExtractionFailed(
            f"Het bestand ({kind}) is beschadigd of kan niet gelezen worden."
        ) from error
    return out.text()
