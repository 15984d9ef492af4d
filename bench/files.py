"""Small real files for the benchmark: text documents and multi-page PDFs.

The PDF writer is the smallest valid PDF 1.4 we need (one standard font, WinAnsi
text, an xref table): enough for pypdf to extract every line, so the extraction
throughput is measured on files with real text, not on empty pages.
"""

from bench import text

LINES_PER_PAGE = 48


def _escape(line):
    raw = line.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages_of_lines):
    """A PDF with one page per list of lines."""
    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages_of_lines:
        stream = (
            b"BT /F1 10 Tf 14 TL 50 800 Td\n"
            + b"".join(b"(" + _escape(line) + b") Tj T*\n" for line in lines)
            + b"ET"
        )
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def report_lines(writer, count):
    """Lines of a meeting report or evaluation, about 80 characters each."""
    lines = []
    while len(lines) < count:
        sentence = writer.fill(writer.pick(text.GOAL + text.SIDE_TARGET + text.TIPS))
        lines.extend(_wrap(sentence, 90))
    return lines[:count]


def _wrap(sentence, width):
    words, line, out = sentence.split(), "", []
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    return out


def report_pdf(writer, pages):
    return pdf_bytes([report_lines(writer, LINES_PER_PAGE) for _ in range(pages)])


def report_text(writer, paragraphs=6, extra=""):
    body = "\n\n".join(
        writer.paragraph(text.GOAL + text.SIDE_PARTNERS, 2, 4) for _ in range(paragraphs)
    )
    return (body + ("\n\n" + extra if extra else "") + "\n").encode("utf-8")


def practice_sheet(writer, number):
    """A practice sheet in the network's own format (see issue 3), as text."""
    place = writer.pick(text.MUNICIPALITIES)
    title = f"{writer.practice_title(place)} (import {number})"
    person = writer.person()
    lines = [
        writer.paragraph(text.LEAD, 1, 2, place),
        "",
        # Sheets from partners name their themes and target groups, as the demo's do
        # (without these lines the importer would propose them and keep a draft).
        f"Thema's: {writer.pick(text.THEMES)[0]}",
        f"Doelgroep: {writer.pick(text.TARGET_GROUPS)[0]}",
        "",
        title,
        "",
        "Doelstelling",
        "",
        writer.paragraph(text.GOAL, 1, 2, place),
        "",
        *(f" • {s}" for s in writer.sentences(text.GOAL, 2, 3, place)),
        "",
        "Bereik",
        "",
        writer.fill(writer.pick(text.REACH), place),
        "",
        "Neveneffect",
        "",
        f"Voor de doelgroep: {writer.fill(writer.pick(text.SIDE_TARGET))}",
        "",
        f"Voor de netwerkpartners: {writer.fill(writer.pick(text.SIDE_PARTNERS))}",
        "",
        "Hindernis",
        "",
        *(f" • {s}" for s in writer.sentences(text.OBSTACLES, 1, 3)),
        "",
        "Tip",
        "",
        *(f" • {s}" for s in writer.sentences(text.TIPS, 2, 4, place)),
        "",
        "Meer",
        "",
        f"Contactpersoon: {person}, {writer.pick(text.ROLES)}",
        "",
        f"Contactgegevens: {person.split()[0].lower()}@{place.lower()}.example of {writer.phone()}",
        "",
    ]
    return "\r\n".join(lines)
