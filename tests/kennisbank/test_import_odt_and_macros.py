"""Sheets written in LibreOffice (.odt) are read as Word sheets are; documents with
macros, damaged files and files that only carry the suffix are refused with a reason."""

import io
import zipfile

import docx
import pytest
from odf import office, style, table, text
from odf.opendocument import OpenDocumentText

from kennisbank.importer.parser import SheetError
from kennisbank.importer.readers import read_sheet
from kennisbank.importer.store import FAILED, import_file
from kennisbank.models import PracticePage

WORD_MACROS = "Dit Word-bestand bevat macro's"
ODT_MACROS = "Dit OpenDocument-bestand bevat macro's"
BROKEN_ODT = "Kapot of geen echt OpenDocument-tekstbestand (.odt)."


def paragraph_style(document, name, parent=None):
    """A common paragraph style and an automatic one based on it (as LibreOffice
    writes a paragraph whose formatting was touched)."""
    common = style.Style(name=name, family="paragraph")
    if parent is not None:
        common.setAttribute("parentstylename", parent)
    document.styles.addElement(common)
    automatic = style.Style(name=f"P-{name}", family="paragraph", parentstylename=common)
    document.automaticstyles.addElement(automatic)
    return automatic


def bullet_list(*items):
    listing = text.List()
    for item in items:
        entry = text.ListItem()
        entry.addElement(text.P(text=item))
        listing.addElement(entry)
    return listing


def table_of(rows):
    """A table of (first cell, rest) rows; rest is text, or a list element."""
    grid = table.Table(name="Fiche")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for first, rest in rows:
        row = table.TableRow()
        heading = table.TableCell()
        heading.addElement(text.P(text=first))
        cell = table.TableCell()
        cell.addElement(text.P(text=rest) if isinstance(rest, str) else rest)
        row.addElement(heading)
        row.addElement(cell)
        grid.addElement(row)
    return grid


def write_odt(path):
    document = OpenDocumentText()
    title = paragraph_style(document, "Title")
    evaluation = paragraph_style(document, "Heading 2", parent="Heading")
    body = document.text

    lead = text.P(text="Buren komen elke zaterdag")
    lead.addElement(text.S(c=2))
    lead.addText("samen ")
    lead.addElement(text.Span(text="ontbijten"))
    note = office.Annotation()
    note.addElement(text.P(text="Opmerking van An: datum nakijken"))
    lead.addElement(note)
    lead.addText(" in het buurthuis.")
    body.addElement(lead)
    body.addElement(text.P(stylename=title, text="Mortsel: het buurtontbijt"))

    body.addElement(text.H(outlinelevel=1, text="Doelstelling"))
    body.addElement(text.P(text="Buren leren elkaar kennen."))
    body.addElement(text.P(text="Eenzaamheid wordt zichtbaar."))
    body.addElement(text.H(outlinelevel=1, text="Tips"))
    body.addElement(bullet_list("Vraag de bakker om brood.", "Zet de koffie vroeg."))
    body.addElement(
        table_of(
            [
                ("Bereik", "Twintig buren per keer."),
                ("Hindernissen", bullet_list("Een zaal op zaterdag.", "Vrijwilligers vinden.")),
                ("Meer", "Contactpersoon: Eva Claes, opbouwwerker"),
            ]
        )
    )
    body.addElement(text.P(stylename=evaluation, text="Evaluatie"))
    body.addElement(text.P(text="De buren geven het een 9."))
    document.save(str(path))
    return path


def test_an_odt_sheet_reads_like_a_word_sheet(tmp_path):
    sheet = read_sheet(write_odt(tmp_path / "mortsel.odt"))

    assert sheet.title == "Mortsel: het buurtontbijt"
    assert sheet.municipality == "Mortsel"
    # Spaces as written, a span read, the comment left out.
    assert sheet.lead == ["Buren komen elke zaterdag samen ontbijten in het buurthuis."]
    assert [block.text for block in sheet.goal] == [
        "Buren leren elkaar kennen.",
        "Eenzaamheid wordt zichtbaar.",
    ]
    assert sheet.tips == ["Vraag de bakker om brood.", "Zet de koffie vroeg."]
    # The table: a known heading in the first column, its text beside it.
    assert [block.text for block in sheet.reach] == ["Twintig buren per keer."]
    assert sheet.obstacles == ["Een zaal op zaterdag.", "Vrijwilligers vinden."]
    assert sheet.contact.name == "Eva Claes"
    assert sheet.contact.role == "opbouwwerker"
    # A paragraph in a heading style (through an automatic style) is a section.
    assert [section.heading for section in sheet.extra_sections] == ["Evaluatie"]
    assert [b.text for b in sheet.extra_sections[0].blocks] == ["De buren geven het een 9."]


def test_an_odt_sheet_is_imported_as_a_practice(kennisbank, tmp_path):
    result = import_file(write_odt(tmp_path / "mortsel.odt"), kennisbank)
    assert result.status != FAILED, result.message
    page = PracticePage.objects.get()
    assert page.title == "Mortsel: het buurtontbijt"
    assert [tip.text for tip in page.tips.all()] == [
        "Vraag de bakker om brood.",
        "Zet de koffie vroeg.",
    ]


def zip_bytes(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04" + bytes(range(256)) * 8, id="zip-garbage"),
        pytest.param(
            zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}),
            id="no-content-xml",
        ),
        pytest.param(
            zip_bytes(
                {
                    "mimetype": "application/vnd.oasis.opendocument.text",
                    "content.xml": "<office:document-content",
                }
            ),
            id="broken-xml",
        ),
        pytest.param(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", id="pdf"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_damaged_or_fake_odt_is_refused_with_a_reason(tmp_path, data):
    path = tmp_path / "fiche.odt"
    path.write_bytes(data)
    with pytest.raises(SheetError) as refused:
        read_sheet(path)
    assert str(refused.value) == BROKEN_ODT


def test_a_spreadsheet_renamed_odt_is_refused(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet

    path = tmp_path / "fiche.odt"
    OpenDocumentSpreadsheet().save(str(path))
    with pytest.raises(SheetError, match="OpenDocument-tekstbestand"):
        read_sheet(path)


def test_an_odt_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from kennisbank.importer import readers

    monkeypatch.setattr(readers, "MAX_DOCX_BYTES", 1000)
    path = write_odt(tmp_path / "groot.odt")
    with pytest.raises(SheetError, match="te groot"):
        read_sheet(path)


def test_other_file_types_name_the_ones_that_are_read(tmp_path):
    path = tmp_path / "fiche.rtf"
    path.write_text("{\\rtf1 Doelstelling}", encoding="utf-8")
    with pytest.raises(SheetError, match=r"wel \.txt, \.md, \.docx en \.odt"):
        read_sheet(path)


# --- Macros ------------------------------------------------------------------------


def word_bytes(extra=None, content_type=None):
    """A Word sheet, with ``extra`` parts added to its zip and its main content type
    replaced by ``content_type``."""
    document = docx.Document()
    document.add_paragraph("Mortsel: het buurtontbijt")
    document.add_paragraph("Doelstelling")
    document.add_paragraph("Buren leren elkaar kennen.")
    plain = io.BytesIO()
    document.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml" and content_type:
                main = b"application/vnd.openxmlformats-officedocument.wordprocessingml"
                data = data.replace(main + b".document.main+xml", content_type)
            target.writestr(item, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE file's header


def test_a_plain_word_sheet_is_still_read(tmp_path):
    path = tmp_path / "mortsel.docx"
    path.write_bytes(word_bytes())
    assert read_sheet(path).title == "Mortsel: het buurtontbijt"


@pytest.mark.parametrize("suffix", [".docm", ".dotm", ".DOCM"])
def test_word_files_with_macros_by_their_suffix_are_refused(tmp_path, suffix):
    path = tmp_path / f"fiche{suffix}"
    path.write_bytes(word_bytes(extra={"word/vbaProject.bin": VBA}))
    with pytest.raises(SheetError, match=WORD_MACROS) as refused:
        read_sheet(path)
    assert "Bewaar het als gewoon .docx-bestand." in str(refused.value)


@pytest.mark.parametrize(
    ("extra", "content_type"),
    [
        pytest.param({"word/vbaProject.bin": VBA}, None, id="vba-project"),
        pytest.param({"customUI/VBAPROJECT.BIN": VBA}, None, id="vba-project-elsewhere"),
        pytest.param(
            None, b"application/vnd.ms-word.document.macroEnabled.main+xml", id="content-type"
        ),
    ],
)
def test_a_docx_that_holds_macros_is_refused(tmp_path, extra, content_type):
    path = tmp_path / "fiche.docx"
    path.write_bytes(word_bytes(extra=extra, content_type=content_type))
    with pytest.raises(SheetError, match=WORD_MACROS):
        read_sheet(path)


def test_a_macro_document_is_reported_and_nothing_is_stored(kennisbank, tmp_path):
    path = tmp_path / "fiche.docx"
    path.write_bytes(word_bytes(extra={"word/vbaProject.bin": VBA}))
    result = import_file(path, kennisbank)
    assert result.status == FAILED
    assert result.message.startswith(WORD_MACROS)
    assert not PracticePage.objects.exists()


def odt_with(tmp_path, entries):
    """The test sheet as .odt, with ``entries`` added to its zip."""
    plain = write_odt(tmp_path / "plain.odt")
    path = tmp_path / "fiche.odt"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, data in entries.items():
            target.writestr(name, data)
    return path


BASIC_MODULE = (
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
    'script:language="StarBasic">Sub Main\nShell("calc")\nEnd Sub</script:module>'
)


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param({"Basic/Standard/Module1.xml": BASIC_MODULE}, id="basic-module"),
        pytest.param({"Scripts/python/macro.py": "import os"}, id="python-script"),
        pytest.param({"vbaProject.bin": VBA}, id="vba-project"),
    ],
)
def test_an_odt_that_holds_macros_is_refused(tmp_path, entries):
    with pytest.raises(SheetError, match=ODT_MACROS):
        read_sheet(odt_with(tmp_path, entries))


def test_an_odt_with_only_empty_basic_library_lists_is_read(tmp_path):
    """LibreOffice may write the lists of a document's (empty) Basic libraries."""
    entries = {
        "Basic/script-lc.xml": '<library:libraries xmlns:library="l"/>',
        "Basic/Standard/script-lb.xml": '<library:library xmlns:library="l"/>',
    }
    assert read_sheet(odt_with(tmp_path, entries)).title == "Mortsel: het buurtontbijt"
