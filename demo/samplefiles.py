"""Small real files (PDF, DOCX) written from text, for the demo and the tests.

``make_pdf`` writes a minimal PDF 1.4 by hand: Helvetica with WinAnsiEncoding (so Dutch
accents survive text extraction), simple word wrapping and as many A4 pages as the
text needs. No layout engine is needed for a few pages of plain text, and writing
the objects ourselves keeps the demo free of extra packages.
"""

import io
import textwrap

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points
_MARGIN = 64
_LINE_HEIGHT = 15
_LINES_PER_PAGE = (_PAGE_HEIGHT - 2 * _MARGIN) // _LINE_HEIGHT
_WRAP = 88


def _pdf_string(text):
    """A PDF literal string in WinAnsi (cp1252); characters it lacks become '?'."""
    raw = text.encode("cp1252", errors="replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _lines(title, paragraphs):
    lines = [("title", title), ("text", "")]
    for paragraph in paragraphs:
        wrapped = textwrap.wrap(paragraph, _WRAP) or [""]
        lines.extend(("text", line) for line in wrapped)
        lines.append(("text", ""))
    return lines


def _page_stream(lines):
    out = [b"BT", f"{_MARGIN} {_PAGE_HEIGHT - _MARGIN} Td".encode(), f"{_LINE_HEIGHT} TL".encode()]
    for kind, text in lines:
        font = b"/F2 14 Tf" if kind == "title" else b"/F1 11 Tf"
        out.append(font)
        out.append(_pdf_string(text) + b" Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(title, paragraphs):
    """Return the bytes of a text PDF with ``title`` on top and ``paragraphs`` below."""
    lines = _lines(title, paragraphs)
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    objects = {}
    # 1 catalog, 2 page tree, 3-4 fonts, 5 info; pages and streams from 6 on.
    page_ids = [6 + 2 * n for n in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
    objects[2] = b"<< /Type /Pages /Kids [" + kids + f"] /Count {len(pages)} >>".encode()
    for number, base in ((3, b"Helvetica"), (4, b"Helvetica-Bold")):
        objects[number] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /" + base + b" /Encoding /WinAnsiEncoding >>"
        )
    objects[5] = b"<< /Title " + _pdf_string(title) + b" /Producer (Netwerkportaal) >>"
    for page_id, page_lines in zip(page_ids, pages, strict=True):
        stream = _page_stream(page_lines)
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            f"/Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref_at = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    trailer = f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\n"
    out.write(f"{trailer}startxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(title, paragraphs):
    """Return the bytes of a Word document with a heading and paragraphs (python-docx)."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
