"""Turn a sheet file (.txt, .md, .docx, .odt) into text for ``parser.parse``. No
database.

Word and OpenDocument files come out as the text sheets are written: headings as
"## " lines (a title style as "# "), list items as "• " lines, paragraphs apart,
tables row by row. Documents with macros (.docm, .dotm, or a .docx or .odt that holds
a macro project) are refused before anything opens them, as are damaged files and
files too large, with a ``SheetError`` saying why in Dutch.
"""

import zipfile
import zlib
from pathlib import Path

from django.utils.translation import gettext as _

from .parser import MAX_SHEET_BYTES, SheetError, decode, known_heading, parse

# python-docx and odfpy are imported on the first Word or OpenDocument sheet: slow to
# load, and most runs read plain text.

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
ODT_SUFFIXES = {".odt"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | ODT_SUFFIXES
# Word's own suffixes for documents with macros: refused with their own reason.
MACRO_SUFFIXES = {".docm", ".dotm"}
MAX_DOCX_BYTES = 20 * 1024 * 1024  # Word and OpenDocument files
# Unpacked, a package may be larger (its XML packs small), not without end: the XML
# is read whole into memory.
MAX_UNPACKED_BYTES = 5 * MAX_DOCX_BYTES
MAX_PART_BYTES = 1024 * 1024  # [Content_Types].xml: a few hundred bytes
# What reading a damaged zip raises (NotImplementedError: an unknown compression).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)


def _word_macros():
    return _(
        "Dit Word-bestand bevat macro's; die worden om veiligheidsredenen niet ingelezen. "
        "Bewaar het als gewoon .docx-bestand."
    )


def _check_package(path, broken, macros):
    """The names in the Word or OpenDocument file at ``path``, a zip package, once it
    is known to be one, not too large, and without macros: a VBA project
    (``vbaProject.bin`` anywhere), a macro-enabled content type, or OpenDocument
    Basic or script modules. Else ``SheetError`` with ``broken`` or ``macros``. Only
    the zip's directory and its content types are read, nothing is run or parsed."""
    if Path(path).stat().st_size > MAX_DOCX_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (meer dan 20 MB)."))
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            content_types = _part(package, "[Content_Types].xml")
    except ZIP_ERRORS as error:
        raise SheetError(broken) from error
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (uitgepakt meer dan 100 MB)."))
    names = [info.filename for info in infos]
    if b"macroenabled" in content_types.lower() or any(map(_macro_part, names)):
        raise SheetError(macros)
    return names


def _part(package, name):
    try:
        with package.open(name) as part:
            return part.read(MAX_PART_BYTES)
    except KeyError:  # not there: an OpenDocument file has none
        return b""


def _macro_part(name):
    """A part that holds macros: Word's VBA project, or an OpenDocument file's Basic
    modules or scripts (not the empty library lists LibreOffice may write)."""
    parts = name.lower().rstrip("/").split("/")
    if parts[-1] == "vbaproject.bin":
        return True
    if name.endswith("/") or len(parts) < 2:
        return False
    if parts[0] == "basic":
        return parts[-1] not in ("script-lc.xml", "script-lb.xml")
    return parts[0] == "scripts"


def docx_text(path):
    """The text of a Word document, with bullets and headings marked the way the
    text sheets mark them (list paragraphs get "• ", heading styles "## "). Tables are
    read in their place, row by row: many sheets are laid out as a table with the
    section headings in the first column."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_package(path, _("Kapot of geen echt Word-bestand (.docx)."), _word_macros())
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
    kind = _style_kind(paragraph.style.name if paragraph.style is not None else "")
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    _marked_lines(text, kind, numbered, lines)


def _style_kind(name):
    """What a paragraph style's name says: "title", "heading", "list" or ""."""
    name = (name or "").lower()
    if name.startswith("title"):
        return "title"
    if name.startswith(("heading", "kop")):
        return "heading"
    if "list" in name or "lijst" in name:
        return "list"
    return ""


def _marked_lines(text, kind, listed, lines):
    """Add a paragraph of a Word or OpenDocument file to ``lines`` the way the text
    sheets mark it; ``kind`` is its style's (``_style_kind``), ``listed`` whether it is
    an item of a list."""
    listed = listed or kind == "list"
    if not text.strip():
        lines.append("")
    elif kind == "title":
        lines.extend(["", f"# {text}", ""])
    elif kind == "heading" or (listed and known_heading(text)):
        # (Sections numbered with the word processor's own numbering are list items.)
        lines.extend(["", f"## {text}", ""])
    elif listed:
        lines.append(f"• {text}")
    else:
        # Paragraphs are paragraphs: keep them apart.
        lines.extend([text, ""])


# --- OpenDocument text -----------------------------------------------------------

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
PARAGRAPHS = {(TEXT, "p"), (TEXT, "h")}
# What a word processor does not show as the document's text: comments, notes,
# tracked deletions, the rendered numbers of lists and headings, hidden text, the
# generated indexes (a table of contents repeats the headings), and frames and
# shapes (text boxes float beside the text: ``DRAW``).
ODT_HIDDEN = {
    (OFFICE, "annotation"),
    (TEXT, "note"),
    (TEXT, "tracked-changes"),
    (TEXT, "number"),
    (TEXT, "hidden-text"),
    (TEXT, "table-of-content"),
    (TEXT, "alphabetical-index"),
    (TEXT, "illustration-index"),
    (TEXT, "table-index"),
    (TEXT, "object-index"),
    (TEXT, "user-index"),
    (TEXT, "bibliography"),
}
ODT_CHARACTERS = {(TEXT, "s"): " ", (TEXT, "tab"): "\t", (TEXT, "line-break"): "\n"}
ROW_GROUPS = {(TABLE, "table-header-rows"), (TABLE, "table-rows"), (TABLE, "table-row-group")}


def odt_text(path):
    """The text of an OpenDocument text (.odt), marked as ``docx_text`` marks a Word
    document's: headings (``text:h``, or a heading or title style) and list items
    (``text:list``) marked, tables read in their place, row by row."""
    from odf.office import Text
    from odf.opendocument import load

    broken = _("Kapot of geen echt OpenDocument-tekstbestand (.odt).")
    macros = _(
        "Dit OpenDocument-bestand bevat macro's; die worden om veiligheidsredenen niet "
        "ingelezen. Verwijder de macro's en bewaar het opnieuw."
    )
    if "content.xml" not in _check_package(path, broken, macros):
        raise SheetError(broken)
    try:
        document = load(str(path))
        bodies = document.getElementsByType(Text)
    except Exception as error:  # odfpy's XML and zip errors
        raise SheetError(broken) from error
    if not bodies:  # a spreadsheet or a presentation
        raise SheetError(broken)
    lines = []
    _odt_blocks(bodies[0], _odt_style_kinds(document), lines)
    return "\n".join(lines)


def _odt_style_kinds(document):
    """Paragraph style name -> ``_style_kind`` of the style or of the nearest style it
    is based on (an automatic style "P1" based on "Heading 1" is a heading)."""
    from odf.style import Style

    parents, labels = {}, {}
    for styles in (document.styles, document.automaticstyles):
        for style in styles.getElementsByType(Style):
            if style.getAttrNS(STYLE, "family") == "paragraph":
                name = style.getAttrNS(STYLE, "name") or ""
                parents[name] = style.getAttrNS(STYLE, "parent-style-name")
                shown = style.getAttrNS(STYLE, "display-name") or ""
                labels[name] = [name.replace("_20_", " "), shown]
    return {name: _odt_style_kind(name, parents, labels) for name in labels}


def _odt_style_kind(name, parents, labels):
    for _depth in range(10):  # a loop of parents in a damaged file ends here
        if name not in labels:
            break
        kind = next((kind for kind in map(_style_kind, labels[name]) if kind), "")
        if kind:
            return kind
        name = parents[name]
    return ""


def _odt_blocks(element, styles, lines, depth=0, listed=False):
    """The paragraphs, lists and tables in ``element``, in order."""
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if child.nodeType != child.ELEMENT_NODE or _odt_hidden(qname):
            continue
        if qname in PARAGRAPHS:
            text = _odt_paragraph_text(child).replace("\n", " ")
            kind = styles.get(child.getAttrNS(TEXT, "style-name"), "")
            if qname == (TEXT, "h") and kind != "title":
                kind = "heading"
            _marked_lines(text, kind, listed, lines)
        elif qname == (TABLE, "table"):
            if depth < 3:  # tables in tables in tables: deep enough for any sheet
                _odt_table_lines(child, styles, lines, depth + 1)
        else:  # lists, list items, sections
            _odt_blocks(child, styles, lines, depth, listed or qname == (TEXT, "list"))


def _odt_hidden(qname):
    return qname in ODT_HIDDEN or (qname is not None and qname[0] == DRAW)


def _odt_paragraph_text(element):
    """The text of a paragraph or heading as the word processor shows it: also in
    spans, links and fields; without comments, notes, hidden text and frames."""
    parts = []

    def walk(node):
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if child.nodeType == child.TEXT_NODE:
                # Line ends and tabs in the XML are spaces (ODF's white-space rule).
                parts.append(str(child.data).replace("\n", " ").replace("\t", " "))
            elif child.nodeType != child.ELEMENT_NODE or _odt_hidden(qname):
                continue
            elif qname in ODT_CHARACTERS:
                parts.append(ODT_CHARACTERS[qname])
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _odt_rows(table):
    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLE, "table-row"):
            yield child
        elif qname in ROW_GROUPS:
            yield from _odt_rows(child)


def _odt_table_lines(table, styles, lines, depth):
    """As ``_table_lines``: a row whose first cell is a section heading gives that
    heading, with the rest of the row as its text. A merged cell is read once (the
    cells it covers are ``table:covered-table-cell``)."""
    for row in _odt_rows(table):
        cells = [c for c in row.childNodes if getattr(c, "qname", None) == (TABLE, "table-cell")]
        first = _odt_cell_text(cells[0]).strip() if cells else ""
        if len(cells) > 1 and known_heading(first):
            lines.extend(["", f"## {first}", ""])
            cells = cells[1:]
        for cell in cells:
            _odt_blocks(cell, styles, lines, depth)
            lines.append("")


def _odt_cell_text(cell):
    paragraphs = [c for c in cell.childNodes if getattr(c, "qname", None) in PARAGRAPHS]
    return "\n".join(_odt_paragraph_text(p) for p in paragraphs)


def read_text(path):
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise SheetError(_word_macros())
    if suffix not in SUPPORTED_SUFFIXES:
        raise SheetError(
            _("Bestandstype %(suffix)s wordt niet ondersteund (wel .txt, .md, .docx en .odt).")
            % {"suffix": suffix or "(geen)"}
        )
    if suffix in DOCX_SUFFIXES:
        return docx_text(path)
    if suffix in ODT_SUFFIXES:
        return odt_text(path)
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (meer dan 2 MB)."))
    return decode(path.read_bytes())


def read_sheet(path):
    """Parse the sheet at ``path``. Raises ``SheetError`` (or ``OSError``)."""
    return parse(read_text(path))
