"""Turn a sheet file (.txt, .md, .docx) into text for ``parser.parse``. No database."""

import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .parser import MAX_SHEET_BYTES, SheetError, decode, known_heading, parse

# python-docx is imported on the first Word sheet: slow to load, and most runs read
# plain text.

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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# What Word does not show as the paragraph's text: tracked deletions and moves away,
# text boxes and drawings (they float beside the text; an alternative-content block
# holds them twice), properties.
HIDDEN = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}txbxContent",
    f"{W}drawing",
    f"{W}pict",
    f"{W}object",
    f"{MC}AlternateContent",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}sdtPr",
}
CHARACTERS = {
    f"{W}tab": "\t",
    f"{W}ptab": "\t",
    f"{W}br": "\n",
    f"{W}cr": "\n",
    f"{W}noBreakHyphen": "-",
}


def _blocks(element):
    """The paragraph and table elements of a body or a table cell, in order, also
    those inside content controls (``w:sdt``: a sheet filled in from a template),
    which python-docx's ``iter_inner_content`` passes over."""
    for child in element:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _content_lines(container, lines, depth=0):
    """The paragraphs and tables of a document or a table cell, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    element = getattr(container, "_tc", None)
    if element is None:
        element = container.element.body
    for block in _blocks(element):
        if block.tag == f"{W}tbl":
            if depth < 3:  # tables in tables in tables: deep enough for any sheet
                _table_lines(Table(block, container), lines, depth + 1)
        else:
            _paragraph_lines(Paragraph(block, container), lines)


def paragraph_text(element):
    """The text of a paragraph as Word shows it: the runs also inside tracked
    insertions, links, fields, smart tags and inline content controls, without
    tracked deletions, hidden text, field codes (``w:instrText``) or text boxes."""
    parts = []

    def walk(node):
        for child in node:
            if child.tag in HIDDEN or (child.tag == f"{W}r" and _vanished(child)):
                continue
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag in CHARACTERS:
                parts.append(CHARACTERS[child.tag])
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _table_lines(table, lines, depth):
    """A row whose first cell is a section heading gives that heading, with the rest
    of the row as its text; any other cell is read as paragraphs."""
    for row in table.rows:
        # A merged cell comes back once per column it spans: one per cell element.
        cells = list({cell._tc: cell for cell in row.cells}.values())
        first = _cell_text(cells[0]).strip() if cells else ""
        if len(cells) > 1 and known_heading(first):
            lines.extend(["", f"## {first}", ""])
            cells = cells[1:]
        for cell in cells:
            _content_lines(cell, lines, depth)
            lines.append("")


def _vanished(run):
    """A run formatted as hidden text (Word does not show it)."""
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false", "off")


def _cell_text(cell):
    return "\n".join(paragraph_text(p) for p in _blocks(cell._tc) if p.tag == f"{W}p")


def _paragraph_lines(paragraph, lines):
    text = paragraph_text(paragraph._p).replace("\n", " ").replace("\u000b", " ")
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
