"""Turn a sheet file (.txt, .md, .docx) into text for ``parser.parse``. No database."""

import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .parser import MAX_SHEET_BYTES, SheetError, decode, known_heading, parse

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES
MAX_DOCX_BYTES = 20 * 1024 * 1024


def docx_text(path):
    """The text of a Word document, with bullets and headings marked the way the
    text sheets mark them (list paragraphs get "• ", heading styles "## ")."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if Path(path).stat().st_size > MAX_DOCX_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (meer dan 20 MB)."))
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise SheetError(_("Kapot of geen echt Word-bestand (.docx).")) from error
    except Exception as error:  # lxml and zip errors of damaged files
        raise SheetError(_("Kapot of geen echt Word-bestand (.docx).")) from error
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.replace("\n", " ").replace("\u000b", " ")
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if not text.strip():
            lines.append("")
        elif style.startswith("title"):
            lines.extend(["", f"# {text}", ""])
        elif style.startswith(("heading", "kop")) or (
            # Sections numbered with Word's own numbering: a list paragraph whose text
            # is a section heading is that heading.
            ("list" in style or "lijst" in style or numbered) and known_heading(text)
        ):
            lines.extend(["", f"## {text}", ""])
        elif "list" in style or "lijst" in style or numbered:
            lines.append(f"• {text}")
        else:
            # Word paragraphs are paragraphs: keep them apart.
            lines.extend([text, ""])
    return "\n".join(lines)


def read_text(path):
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SheetError(
            _("Bestandstype %(suffix)s wordt niet ondersteund (wel .txt, .md en .docx).")
            % {"suffix": suffix or "(geen)"}
        )
    if suffix in DOCX_SUFFIXES:
        return docx_text(path)
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (meer dan 2 MB)."))
    return decode(path.read_bytes())


def read_sheet(path):
    """Parse the sheet at ``path``. Raises ``SheetError`` (or ``OSError``)."""
    return parse(read_text(path))
