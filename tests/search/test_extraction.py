"""Text extraction: each supported format, generated here, and every way a file can be bad."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from demo.samplefiles import make_docx, make_pdf
from search.extraction import (
    ExtractionFailed,
    UnsupportedFileType,
    decode_text,
    extract_text,
)

SENTENCE = "Gezinnen in armoede praten mee over de drempels naar het OCMW (één café)."


def odf_bytes(kind):
    from odf import draw, table, text
    from odf.opendocument import (
        OpenDocumentPresentation,
        OpenDocumentSpreadsheet,
        OpenDocumentText,
    )

    if kind == "odt":
        document = OpenDocumentText()
        document.text.addElement(text.H(outlinelevel=1, text="Verslag"))
        document.text.addElement(text.P(text=SENTENCE))
    elif kind == "ods":
        document = OpenDocumentSpreadsheet()
        sheet = table.Table(name="Blad1")
        row = table.TableRow()
        cell = table.TableCell()
        cell.addElement(text.P(text=SENTENCE))
        row.addElement(cell)
        sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    else:
        from odf.style import MasterPage, PageLayout

        document = OpenDocumentPresentation()
        layout = PageLayout(name="layout")
        document.automaticstyles.addElement(layout)
        master = MasterPage(name="master", pagelayoutname=layout)
        document.masterstyles.addElement(master)
        page = draw.Page(masterpagename=master)
        frame = draw.Frame(width="20cm", height="3cm", x="1cm", y="1cm")
        box = draw.TextBox()
        box.addElement(text.P(text=SENTENCE))
        frame.addElement(box)
        page.addElement(frame)
        document.presentation.addElement(page)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Deelnemers"
    sheet.append(["Gemeente", "Opmerking"])
    sheet.append(["Gent", SENTENCE])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes():
    import pptx

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Gezinnendag"
    slide.placeholders[1].text = SENTENCE
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "make"),
    [
        ("verslag.pdf", lambda: make_pdf("Verslag", [SENTENCE])),
        ("verslag.docx", lambda: make_docx("Verslag", [SENTENCE])),
        ("verslag.odt", lambda: odf_bytes("odt")),
        ("lijst.ods", lambda: odf_bytes("ods")),
        ("voorstelling.odp", lambda: odf_bytes("odp")),
        ("lijst.xlsx", xlsx_bytes),
        ("voorstelling.pptx", pptx_bytes),
        ("nota.txt", lambda: SENTENCE.encode("utf-8")),
        ("lijst.csv", lambda: f'gemeente;opmerking\nGent;"{SENTENCE}"\n'.encode()),
    ],
)
def test_each_supported_format_gives_its_text_with_accents(filename, make):
    text = extract_text(io.BytesIO(make()), filename)
    assert "drempels naar het OCMW" in text
    assert "één café" in text


def test_extension_is_case_insensitive_and_bytes_are_accepted():
    assert "OCMW" in extract_text(make_pdf("x", [SENTENCE]), "VERSLAG.PDF")


def test_text_in_windows_1252_is_decoded():
    data = (
        "Het café van de buurt, wij gaan naar de crèche en de ouders zijn blij. Één keer per maand."
    ).encode("cp1252")
    assert "café van de buurt, wij gaan naar de crèche" in extract_text(data, "oud.txt")


def test_text_in_other_scripts_is_decoded():
    ukrainian = "Привіт, як справи? Ми зустрічаємося в понеділок."
    assert extract_text(ukrainian.encode("cp1251"), "uk.txt") == ukrainian
    assert extract_text(ukrainian.encode("utf-16"), "uk16.txt") == ukrainian


def test_decode_text_never_fails_on_random_bytes():
    assert isinstance(decode_text(bytes(range(1, 256)) * 3), str)


def test_text_is_capped_at_the_configured_length(settings):
    settings.PORTAL_EXTRACTED_TEXT_MAX_CHARS = 500
    pdf = make_pdf("Lang verslag", [SENTENCE] * 400)  # several pages
    text = extract_text(pdf, "lang.pdf")
    assert 0 < len(text) <= 500
    assert len(extract_text(("woord " * 1000).encode(), "lang.txt")) <= 500


def test_broken_pdf_fails_with_a_dutch_reason():
    with pytest.raises(ExtractionFailed, match="PDF"):
        extract_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nrommel", "kapot.pdf")


def test_password_protected_pdf_fails_without_raising_anything_else():
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Geheim", [SENTENCE]))))
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionFailed, match=r"wachtwoord|versleuteld"):
        extract_text(out.getvalue(), "geheim.pdf")


def test_pdf_with_only_an_owner_password_is_read():
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Open", [SENTENCE]))))
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "OCMW" in extract_text(out.getvalue(), "open.pdf")


@pytest.mark.parametrize("filename", ["kapot.docx", "kapot.xlsx", "kapot.pptx", "kapot.odt"])
def test_broken_office_files_fail(filename):
    with pytest.raises(ExtractionFailed):
        extract_text(b"PK\x03\x04 dit is geen zip", filename)


def test_zip_that_unpacks_too_large_is_refused_before_parsing(settings):
    settings.PORTAL_EXTRACTION_MAX_UNPACKED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (2 * 1024 * 1024) + b">")
    assert len(out.getvalue()) < 50_000
    with pytest.raises(ExtractionFailed, match="te groot"):
        extract_text(out.getvalue(), "bom.docx")


def test_binary_file_named_txt_fails():
    with pytest.raises(ExtractionFailed):
        extract_text(b"MZ\x90\x00\x03\x00\x00\x00" * 10, "programma.txt")


@pytest.mark.parametrize("filename", ["foto.jpg", "foto.png", "zonder-extensie"])
def test_types_without_text_are_unsupported(filename):
    with pytest.raises(UnsupportedFileType):
        extract_text(b"\xff\xd8\xff\xe0", filename)


# --- the task -------------------------------------------------------------------------


@pytest.fixture
def make_document(db):
    from wagtail.documents import get_document_model

    Document = get_document_model()

    def _make(filename, data):
        return Document.objects.create(title=filename, file=ContentFile(data, name=filename))

    return _make


def run_task(document):
    from search.tasks import extract_document_text

    result = extract_document_text.enqueue(document.pk)
    document.refresh_from_db()
    return result


def test_task_stores_text_and_marks_done(make_document):
    document = make_document("verslag.docx", make_docx("Verslag", [SENTENCE]))
    result = run_task(document)
    assert result.return_value == "done"
    assert document.extraction_status == "done"
    assert "OCMW" in document.extracted_text
    assert document.extraction_error == ""


def test_task_marks_broken_pdf_failed_and_keeps_the_document(make_document):
    document = make_document("kapot.pdf", b"%PDF-1.7 kapot")
    result = run_task(document)
    assert result.return_value == "failed"
    assert document.extraction_status == "failed"
    assert "PDF" in document.extraction_error
    assert document.extracted_text == ""


def test_task_marks_images_unsupported(make_document):
    document = make_document("foto.png", b"\x89PNG\r\n\x1a\n")
    run_task(document)
    assert document.extraction_status == "unsupported"


def test_task_survives_a_missing_file_and_a_missing_document(make_document):
    document = make_document("weg.txt", b"tekst")
    document.file.storage.delete(document.file.name)
    run_task(document)
    assert document.extraction_status == "failed"
    from search.tasks import extract_document_text

    assert extract_document_text.enqueue(999_999).return_value == "missing"


def test_extracted_text_is_searchable(make_document):
    from wagtail.documents import get_document_model

    document = make_document(
        "verslag.pdf", make_pdf("Verslag", ["Kansarme gezinnen en de speelpleinwerking."])
    )
    run_task(document)
    found = get_document_model().objects.search("speelpleinwerking")
    assert document in list(found)
