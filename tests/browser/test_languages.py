"""The families' languages in a real browser: a page not yet translated says so in the
visitor's language, around the Dutch text."""

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, screenshot


def test_the_turkish_start_page_speaks_turkish_around_the_dutch_text(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/tr/")
    note = page.locator(".untranslated-notice")
    expect(note).to_be_visible()
    assert note.get_attribute("lang") == "tr"
    expect(note).to_contain_text("Felemenkçe")
    skip_link = page.locator("a.skip-link")
    assert skip_link.get_attribute("lang") == "tr"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide on a phone"
    screenshot(page, "start-tr-phone")
