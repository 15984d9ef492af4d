"""manage.py import_praktijkfiches: files in, practice pages out, one line per file."""

from io import StringIO

import docx
import pytest
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.models import Page

from core.models import PortalImage
from kennisbank.models import PracticePage
from tests.kennisbank.factories import MethodPageFactory, OrganisationFactory, ThemeFactory
from tests.kennisbank.sheets import KAPELLEN, MARKDOWN


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_praktijkfiches", *map(str, args), stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = error
    return out.getvalue(), err.getvalue(), failed


def lines(out):
    return [line for line in out.splitlines() if line.split(" ", 1)[0] in STATUSES]


STATUSES = {"created", "updated", "unchanged", "failed"}


def write_docx(path, paragraphs):
    """paragraphs: (style, text) pairs; style None for Normal."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def test_a_sheet_becomes_a_draft_practice_under_the_dutch_kennisbank(kennisbank, tmp_path):
    sheet = tmp_path / "kapellen.txt"
    sheet.write_text(KAPELLEN, encoding="utf-8")
    out, _err, failed = run(sheet)
    assert failed is None
    [line] = lines(out)
    status, url, title = line.split("  ", 2)
    assert status.strip() == "created"
    assert url == "/nl/kennisbank/kapellen-een-oudercafe-in-de-kinderopvang/"
    assert title == "Kapellen: een oudercafé in de kinderopvang"
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    page = PracticePage.objects.get()
    assert page.get_parent().pk == kennisbank.pk
    assert not page.live  # drafts unless --publish
    revision = page.get_latest_revision_as_object()
    assert revision.municipality == "Kapellen"
    assert revision.contact_email == "an.smets@kapellen.example"
    assert revision.contact_phone == "03 123 45 67"
    assert revision.goal.startswith("<p>Twee keer per maand")
    assert "<ul><li>Ouders leren de diensten kennen.</li>" in revision.goal
    assert [tip.text for tip in revision.tips.all()] == [
        "Zorg voor koffie en iets lekkers.",
        "Hang een affiche met foto's op.",
    ]


def test_publish_makes_the_page_live(kennisbank, tmp_path):
    sheet = tmp_path / "kapellen.md"
    sheet.write_text(KAPELLEN, encoding="utf-8")
    run(sheet, "--publish")
    page = PracticePage.objects.get()
    assert page.live
    assert next(t.text for t in page.tips.all()) == "Zorg voor koffie en iets lekkers."
    assert page.obstacles.count() == 1


def test_reimport_never_duplicates(kennisbank, tmp_path):
    sheet = tmp_path / "kapellen.txt"
    sheet.write_text(KAPELLEN, encoding="utf-8")
    run(sheet, "--publish")
    out, _err, _ = run(sheet, "--publish")
    assert lines(out)[0].startswith("unchanged")
    sheet.write_text(KAPELLEN.replace("iets lekkers", "soep"), encoding="utf-8")
    out, _err, _ = run(sheet, "--publish")
    assert lines(out)[0].startswith("updated")
    assert PracticePage.objects.count() == 1
    page = PracticePage.objects.get()
    assert [t.text for t in page.tips.all()] == [
        "Zorg voor koffie en soep.",
        "Hang een affiche met foto's op.",
    ]


def test_same_title_in_other_case_updates_the_same_page(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        KAPELLEN.replace("Kapellen: een oudercafé", "KAPELLEN: EEN OUDERCAFÉ").replace(
            "Vijftien", "Twintig"
        ),
        encoding="utf-8",
    )
    out, _err, _ = run(tmp_path / "a.txt", tmp_path / "b.txt")
    assert [line.split()[0] for line in lines(out)] == ["created", "updated"]
    assert PracticePage.objects.count() == 1


def test_markdown_and_docx_sheets(kennisbank, tmp_path):
    (tmp_path / "boom.md").write_text(MARKDOWN, encoding="utf-8")
    word = write_docx(
        tmp_path / "niel.docx",
        [
            (None, "De babbelbank staat voor het sociaal huis."),
            (None, "Niel: de babbelbank"),
            ("Heading 2", "Doelstellingen"),
            (None, "Mensen\u00a0spreken elkaar aan op straat."),
            ("Heading 2", "Tips"),
            ("List Bullet", "Zet de bank in de zon."),
            ("List Bullet", "Zet er een \u201cpraatpaal\u201d bij."),
            ("Heading 2", "Meer"),
            (None, "Contactpersoon: Karim Aziz, straathoekwerker"),
            (None, "Contactgegevens: karim@niel.example"),
        ],
    )
    out, err, failed = run(tmp_path / "boom.md", word, "--publish")
    assert failed is None, out + err
    boom = PracticePage.objects.get(title="Eettafel met inspraak")
    assert boom.municipality == "Boom"
    assert [s.value["heading"] for s in boom.extra_sections] == ["Kostprijs", "Meer"]
    niel = PracticePage.objects.get(title="Niel: de babbelbank")
    assert niel.lead == "De babbelbank staat voor het sociaal huis."
    assert niel.goal == "<p>Mensen spreken elkaar aan op straat.</p>"
    assert [t.text for t in niel.tips.all()] == [
        "Zet de bank in de zon.",
        'Zet er een "praatpaal" bij.',
    ]
    assert (niel.contact_name, niel.contact_role, niel.contact_email) == (
        "Karim Aziz",
        "straathoekwerker",
        "karim@niel.example",
    )


def test_word_sections_numbered_as_a_list_are_headings(tmp_path):
    """Word users number their sections with a numbered list: such a paragraph whose
    text is a section heading is the heading, its other items stay a list."""
    from kennisbank.importer.readers import read_sheet

    word = write_docx(
        tmp_path / "niel.docx",
        [
            (None, "De babbelbank staat voor het sociaal huis."),
            (None, "Niel: de babbelbank"),
            ("List Number", "Doelstelling"),
            (None, "Mensen spreken elkaar aan op straat."),
            ("List Number", "Tips"),
            ("List Bullet", "Zet de bank in de zon."),
            ("List Number", "Meer"),
            (None, "Contactpersoon: Karim Aziz, straathoekwerker"),
        ],
    )
    sheet = read_sheet(word)
    assert sheet.title == "Niel: de babbelbank"
    assert [block.text for block in sheet.goal] == ["Mensen spreken elkaar aan op straat."]
    assert sheet.tips == ["Zet de bank in de zon."]
    assert sheet.contact.name == "Karim Aziz"


def test_a_folder_imports_every_sheet_in_it(kennisbank, tmp_path):
    (tmp_path / "kapellen.txt").write_text(KAPELLEN, encoding="utf-8")
    (tmp_path / "boom.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    out, _err, failed = run(tmp_path)
    assert failed is None
    assert len(lines(out)) == 2


def test_broken_files_fail_alone_and_the_exit_status_says_so(kennisbank, tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text(KAPELLEN, encoding="utf-8")
    broken = {
        "leeg.txt": b"",
        "binair.txt": b"\x00\x01\x02" * 50,
        "latin1.txt": KAPELLEN.encode("cp1252", errors="replace"),
        "geentitel.md": b"Doelstelling\n\nIets.\n",
        "kapot.docx": b"PK\x03\x04 not really a zip",
        "fiche.pdf": b"%PDF-1.7",
    }
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in broken] + [good, tmp_path / "bestaat-niet.txt"]
    out, _err, failed = run(*paths)
    assert failed is not None
    result = lines(out)
    assert len(result) == len(paths)
    statuses = [line.split()[0] for line in result]
    assert statuses == ["failed"] * len(broken) + ["created", "failed"]
    reasons = "\n".join(result)
    for expected in ("Leeg", "Binair", "UTF-8", "titel", "Word", ".pdf", "niet lezen"):
        assert expected in reasons
    assert all("  -  " in line for line in result if line.startswith("failed"))
    assert PracticePage.objects.count() == 1
    assert "1 created, 0 updated, 0 unchanged, 7 failed" in out


def test_a_file_that_fails_while_saving_leaves_no_half_page(kennisbank, tmp_path, disk_full_for):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    (tmp_path / "b.md").write_text(MARKDOWN, encoding="utf-8")
    disk_full_for("Kapellen")
    pages_before = Page.objects.count()
    out, _err, failed = run(tmp_path / "a.txt", tmp_path / "b.md")
    assert failed is not None
    assert [line.split()[0] for line in lines(out)] == ["failed", "created"]
    assert "disk full" in out
    assert Page.objects.count() == pages_before + 1
    assert not PracticePage.objects.filter(title__startswith="Kapellen").exists()


def test_dry_run_writes_nothing(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    Image.new("RGB", (40, 30), "orange").save(tmp_path / "kapellen-oudercafe.jpg")
    before = (Page.objects.count(), PortalImage.objects.count())
    out, _err, failed = run(tmp_path / "a.txt", "--dry-run", "--publish")
    assert failed is None
    assert lines(out)[0].startswith("created")
    assert "dry run" in out
    assert (Page.objects.count(), PortalImage.objects.count()) == before


def test_the_image_beside_the_sheet_is_imported_once_with_its_credit(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        KAPELLEN.replace("Kapellen: een oudercafé", "Kalmthout: een oudercafé"), encoding="utf-8"
    )
    Image.new("RGB", (40, 30), "orange").save(tmp_path / "Kapellen-Oudercafe.JPG")
    run(tmp_path / "a.txt", tmp_path / "b.txt", "--publish")
    image = PortalImage.objects.get()
    assert image.credit == "Provider image"
    pages = PracticePage.objects.all()
    assert {page.image_id for page in pages} == {image.pk}
    assert pages[0].credit == "Provider image"


def test_a_missing_image_is_a_warning_not_a_failure(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    _out, err, failed = run(tmp_path / "a.txt")
    assert failed is None
    assert "kapellen-oudercafe.jpg" in err
    assert PracticePage.objects.get().image is None


def test_taxonomy_lines_link_existing_terms_and_warn_about_unknown_ones(kennisbank, tmp_path):
    theme = ThemeFactory(name="Toegang")
    organisation = OrganisationFactory(name="Sociaal huis Kapellen")
    method = MethodPageFactory(parent=kennisbank, title="Oudercafé")
    text = KAPELLEN.replace(
        "Provider image\n",
        "Provider image\n\nThema: toegang, Onbestaand\n\nOrganisatie: Sociaal huis Kapellen\n\n"
        "Methode: Oudercafé\n",
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    _out, err, failed = run(tmp_path / "a.txt", "--publish")
    assert failed is None
    page = PracticePage.objects.get()
    assert list(page.themes.all()) == [theme]
    assert page.organisation == organisation
    assert list(page.methods.all()) == [method]
    assert "Onbestaand" in err


def test_parent_by_url_path_and_unknown_parent(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    out, _err, failed = run(tmp_path / "a.txt", "--parent", "/nl/kennisbank/")
    assert failed is None and lines(out)[0].startswith("created")
    with pytest.raises(CommandError, match="No kennisbank"):
        call_command(
            "import_praktijkfiches",
            str(tmp_path / "a.txt"),
            "--parent",
            "/nl/elders/",
            stdout=StringIO(),
        )


def test_imported_pages_are_in_the_search_index(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    run(tmp_path / "a.txt", "--publish")
    results = PracticePage.objects.live().search("oudercafé", order_by_relevance=False)
    assert [page.title for page in results] == ["Kapellen: een oudercafé in de kinderopvang"]
    # The importer switched automatic indexing off only while it saved the sheet.
    page = PracticePage.objects.get()
    page.title = "Kapellen: een babbelcafé"
    page.save()
    assert PracticePage.objects.search("babbelcafé", order_by_relevance=False).count() == 1


def test_an_editors_draft_title_and_the_live_title_both_find_the_page(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    run(tmp_path / "a.txt", "--publish")
    draft = PracticePage.objects.get().get_latest_revision_as_object()
    draft.title = "Oudercafé in Kapellen"
    draft.save_revision()  # a draft: the live title stays
    renamed = KAPELLEN.replace(
        "Kapellen: een oudercafé in de kinderopvang", "OUDERCAFÉ IN KAPELLEN"
    )
    (tmp_path / "b.txt").write_text(renamed, encoding="utf-8")
    (tmp_path / "c.txt").write_text(KAPELLEN.replace("Vijftien", "Twintig"), encoding="utf-8")
    out, _err, failed = run(tmp_path / "b.txt", tmp_path / "c.txt")
    assert failed is None
    assert [line.split()[0] for line in lines(out)] == ["updated", "updated"]
    assert PracticePage.objects.count() == 1


def test_a_title_with_a_taken_slug_gets_the_next_free_one(kennisbank, tmp_path):
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    other = KAPELLEN.replace(
        "Kapellen: een oudercafé in de kinderopvang", "Kapellen - een oudercafe in de kinderopvang"
    )
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    (tmp_path / "c.txt").write_text(other.replace(" - ", " -- "), encoding="utf-8")
    out, _err, _failed = run(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    urls = [line.split("  ")[1] for line in lines(out)]
    base = "/nl/kennisbank/kapellen-een-oudercafe-in-de-kinderopvang"
    assert urls == [f"{base}/", f"{base}-2/", f"{base}-3/"]


def test_a_run_indexes_its_pages_for_the_site_search_at_the_end(
    kennisbank, tmp_path, django_capture_on_commit_callbacks
):
    from search.models import SearchEntry

    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    (tmp_path / "b.md").write_text(MARKDOWN, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, "--publish")
    pages = list(PracticePage.objects.order_by("title"))
    assert len(pages) == 2
    for page in pages:
        assert SearchEntry.objects.filter(page=page, title=page.title).exists()
    # Indexing on save is back on after the run.
    page = pages[0]
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Eettafel met inspraak in Boom"
        page.save()
    assert SearchEntry.objects.filter(page=page, title="Eettafel met inspraak in Boom").exists()


def test_a_word_sheet_laid_out_as_a_table_is_read_row_by_row(tmp_path):
    """Many sheets put the section headings in the first column of a table."""
    from kennisbank.importer.readers import read_sheet

    document = docx.Document()
    document.add_paragraph("Buren ontbijten elke zaterdag samen in het buurthuis.")
    document.add_paragraph("Mortsel: het buurtontbijt")
    table = document.add_table(rows=4, cols=2)
    rows = [
        ("Doelstelling", "Buren leren elkaar kennen."),
        ("Bereik", "Twintig buren per keer."),
        ("Tips", None),
        ("Meer", "Contactpersoon: Eva Claes, opbouwwerker"),
    ]
    for row, (heading, text) in zip(table.rows, rows, strict=True):
        row.cells[0].text = heading
        if text:
            row.cells[1].text = text
        else:
            row.cells[1].paragraphs[0].text = "Vraag de bakker om brood."
            row.cells[1].paragraphs[0].style = "List Bullet"
            row.cells[1].add_paragraph("Zet de koffie vroeg.", style="List Bullet")
    # A merged cell (one heading over two columns) is read once.
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Evaluatie"
    merged.cell(1, 0).merge(merged.cell(1, 1)).text = "De buren geven het een 9."
    document.save(str(tmp_path / "mortsel.docx"))

    sheet = read_sheet(tmp_path / "mortsel.docx")
    assert sheet.title == "Mortsel: het buurtontbijt"
    assert [block.text for block in sheet.goal] == ["Buren leren elkaar kennen."]
    assert [block.text for block in sheet.reach] == ["Twintig buren per keer."]
    assert sheet.tips == ["Vraag de bakker om brood.", "Zet de koffie vroeg."]
    assert sheet.contact.name == "Eva Claes"
    assert [section.heading for section in sheet.extra_sections] == ["Evaluatie"]
    assert [b.text for b in sheet.extra_sections[0].blocks] == ["De buren geven het een 9."]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _word_xml(document, xml):
    """Append body content written as WordprocessingML (before the section settings)."""
    from lxml import etree

    body = document.element.body
    for element in etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>'):
        body.insert(len(body) - 1, element)


def test_a_word_sheet_reads_as_word_shows_it(tmp_path):
    """What Word shows is what is imported: tracked insertions count and tracked
    deletions do not (a sheet passed around with "track changes" on), text in content
    controls (a sheet filled in from a template), in links, fields and smart tags
    counts; hidden text, text boxes and field codes do not."""
    import json
    from dataclasses import asdict

    from kennisbank.importer.readers import read_sheet

    run_ = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'.format
    document = docx.Document()
    _word_xml(
        document,
        "<w:p>"
        + run_("Ouders komen samen ")
        + '<w:ins w:id="1" w:author="An" w:date="2026-01-01T00:00:00Z">'
        + run_("elke dinsdag ")
        + "</w:ins>"
        + '<w:del w:id="2" w:author="An" w:date="2026-01-01T00:00:00Z">'
        + '<w:r><w:delText xml:space="preserve">soms </w:delText></w:r></w:del>'
        + run_("in de school.")
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Verborgen notitie</w:t></w:r>"
        + "</w:p>"
        # The title, filled in a content control of the network's template.
        + "<w:sdt><w:sdtPr/><w:sdtContent><w:p>"
        + run_("Boom: de schoolpoort")
        + "</w:p></w:sdtContent></w:sdt>"
        + "<w:p>"
        + run_("Doelstelling")
        + "</w:p>"
        + "<w:p>"
        + run_("Ouders leren de ")
        + '<w:hyperlink w:anchor="x">'
        + run_("leerkrachten")
        + "</w:hyperlink>"
        + run_(" kennen in ")
        + '<w:fldSimple w:instr="DOCPROPERTY Gemeente">'
        + run_("Boom")
        + "</w:fldSimple>"
        + '<w:smartTag w:uri="u" w:element="e">'
        + run_(", elke week")
        + "</w:smartTag>"
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run_(".")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + "<w:r><w:pict><w:txbxContent><w:p>"
        + run_("Tekstvak")
        + "</w:p></w:txbxContent>"
        + "</w:pict></w:r>"
        + "</w:p>"
        + "<w:p>"
        + run_("Tips")
        + "</w:p>"
        + "<w:p><w:sdt><w:sdtContent>"
        + run_("Spreek ouders aan bij de poort.")
        + "</w:sdtContent></w:sdt></w:p>",
    )
    document.save(str(tmp_path / "boom.docx"))

    sheet = read_sheet(tmp_path / "boom.docx")
    assert sheet.title == "Boom: de schoolpoort"
    assert sheet.lead_text == "Ouders komen samen elke dinsdag in de school."
    assert [block.text for block in sheet.goal] == [
        "Ouders leren de leerkrachten kennen in Boom, elke week."
    ]
    assert sheet.tips == ["Spreek ouders aan bij de poort."]
    everything = json.dumps(asdict(sheet), ensure_ascii=False)
    for hidden in ("soms", "Tekstvak", "PAGE", "DOCPROPERTY", "Verborgen"):
        assert hidden not in everything


def test_the_same_title_under_another_kennisbank_is_another_page(kennisbank, home_page, tmp_path):
    """The title is looked up over every practice; only one under the chosen parent is
    the page a sheet updates."""
    from tests.kennisbank.factories import KennisbankIndexPageFactory

    other = KennisbankIndexPageFactory(parent=home_page, title="Archief", slug="archief")
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    out, _err, _failed = run(tmp_path / "a.txt", "--parent", "/nl/archief/")
    assert lines(out)[0].startswith("created  /nl/archief/")
    out, _err, _failed = run(tmp_path / "a.txt", "--parent", "/nl/kennisbank/")
    assert lines(out)[0].startswith("created  /nl/kennisbank/")
    out, _err, _failed = run(tmp_path / "a.txt", "--parent", "/nl/kennisbank/")
    assert lines(out)[0].startswith("unchanged  /nl/kennisbank/")
    assert sorted(p.get_parent().pk for p in PracticePage.objects.all()) == sorted(
        [kennisbank.pk, other.pk]
    )
