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
    text sheets mark them (list paragraphs get "• ", heading styles "## "). Tables are
    read in their place, row by row: many sheets are laid out as a table with the
    section headings in the first column."""
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
    _content_lines(document, lines)
    return "\n".join(lines)


def _content_lines(container, lines, depth=0):
    """The paragraphs and tables of a document or a table cell, in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            if depth < 3:  # tables in tables in tables: deep enough for any sheet
                _table_lines(block, lines, depth + 1)
        else:
            _paragraph_lines(block, lines)


def _table_lines(table, lines, depth):
    """A row whose first cell is a section heading gives that heading, with the rest
    of the row as its text; any other cell is read as paragraphs."""
    for row in table.rows:
        # A merged cell comes back once per column it spans: one per cell element.
        cells = list({cell._tc: cell for cell in row.cells}.values())
        first = cells[0].text.strip() if cells else ""
        if len(cells) > 1 and known_heading(first):
            lines.extend(["", f"## {first}", ""])
            cells = cells[1:]
        for cell in cells:
            _content_lines(cell, lines, depth)
            lines.append("")


def _paragraph_lines(paragraph, lines):
    text = paragraph.text.replace("\n", " ").replace("\u000b", " ")
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    listed = "list" in style or "lijst" in style or numbered
    if not text.strip():
        lines.append("")
    elif style.startswith("title"):
        lines.extend(["", f"# {text}", ""])
    elif style.startswith(("heading", "kop")) or (listed and known_heading(text)):
        # (Sections numbered with Word's own numbering are list paragraphs.)
        lines.extend(["", f"## {text}", ""])
    elif listed:
        lines.append(f"• {text}")
    else:
        # Word paragraphs are paragraphs: keep them apart.
        lines.extend([text, ""])


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
