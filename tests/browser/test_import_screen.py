"""An editor imports a Word practice sheet in the admin and opens the draft it became,
with the classification the importer proposed waiting to be checked."""

import re

import docx
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot

TITLE = "Mortsel: samen naar de energieleverancier"


def _word_sheet(path):
    """A sheet without classification lines, about what the demo's theme "Toegang tot
    hulp" names as its signal words (energiefactuur, huisbaas, drempel)."""
    document = docx.Document()
    for style, text in (
        (None, "Een vrijwilliger gaat mee naar het eerste gesprek over de energiefactuur."),
        ("Title", TITLE),
        ("Heading 1", "Doelstelling"),
        (None, "Gezinnen die hun energiefactuur niet kunnen betalen, gaan niet alleen."),
        (None, "De drempel naar de huisbaas en de leverancier wordt kleiner."),
        ("Heading 1", "Tips"),
        ("List Bullet", "Neem de laatste energiefactuur mee naar het gesprek."),
    ):
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def test_editor_imports_a_word_sheet_and_opens_the_draft(new_page, tmp_path):
    page = new_page(viewport=DESKTOP, user="redacteur")
    page.goto("/admin/")
    page.get_by_role("button", name="Kennisbank").click()
    page.get_by_role("link", name="Praktijkfiches importeren").click()
    expect(page).to_have_url(re.compile(r"/admin/praktijkfiches/$"))
    screenshot(page, "import-form-desktop")

    page.set_input_files("input[type=file]", str(_word_sheet(tmp_path / "mortsel.docx")))
    page.get_by_role("button", name="Importeren").click()
    expect(page).to_have_url(re.compile(r"/admin/praktijkfiches/\d+/$"))
    report = page.locator("#import-report")
    line = report.locator("tr", has_text="mortsel.docx")
    expect(line).to_contain_text("nieuw concept")
    expect(line).to_contain_text("Toegang tot hulp")  # the proposed theme
    screenshot(page, "import-report-desktop")

    line.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    expect(page.locator("input[name=classification_to_confirm]")).to_be_checked()
    toegang = page.get_by_label("Toegang tot hulp")
    expect(toegang).to_be_checked()


def test_the_import_form_fits_a_phone(new_page):
    page = new_page(viewport=PHONE, user="redacteur")
    page.goto("/admin/praktijkfiches/")
    expect(page.locator("input[type=file]")).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the form is {width}px wide on a phone"
    screenshot(page, "import-form-phone")
