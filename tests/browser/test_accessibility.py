"""axe-core on every page type, in Dutch and Arabic, at phone and desktop width.

Every page type exists in Arabic in the test portal: the start page and the easy-read
pages through the demo, the kennisbank, the feedback page and the working group
"Participatie" through ``prepare_portal.py`` (Arabic versions that still show the Dutch
text). Login, search and the 404 page are the same views under ``/ar/``.

The Dutch pages are photographed for ``docs/screenshots/`` (and the Arabic easy-read
page, to show the right-to-left layout).
"""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, screenshot, tab_through

PRACTICE = "kapellen-een-oudercafe-in-de-kinderopvang"
SPACE = "werkgroepen/participatie"

# (label, path, user, screenshot name or None)
PAGES = [
    ("home", "/{lang}/", None, "home"),
    ("home-member", "/{lang}/", "lid", None),
    ("kennisbank-filtered", "/{lang}/kennisbank/?thema=toegang&type=praktijk", None, "kennisbank"),
    ("method", "/{lang}/kennisbank/oudercafe/", None, "method"),
    ("practice", f"/{{lang}}/kennisbank/{PRACTICE}/", None, "practice"),
    ("tips", "/{lang}/kennisbank/tips/", None, "tips"),
    ("wie-is-wie", "/{lang}/kennisbank/wie-is-wie/", None, "wie-is-wie"),
    ("working-group", f"/{{lang}}/{SPACE}/", "lid", "working-group"),
    ("group-documents", f"/{{lang}}/{SPACE}/documenten/", "lid", None),
    ("meeting", f"/{{lang}}/{SPACE}/voorbereiding-gezinnendag/", "lid", "meeting"),
    ("feedback", "/{lang}/terugkoppeling/", None, "feedback"),
    ("easy-read", "/{lang}/eenvoudig-uitgelegd/rekeningen-betalen/", None, "easy-read"),
    ("search-results", "/{lang}/zoeken/?q=ouders", None, "search"),
    ("login", "/{lang}/accounts/login/", None, "login"),
    ("no-access", "/{lang}/accounts/login/?next=/nl/kennisbank/schelle-klankbord/", "lid", None),
    ("404", "/{lang}/bestaat-niet/", None, None),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize(("label", "path", "user", "shot"), PAGES, ids=[p[0] for p in PAGES])
def test_page_type_has_no_serious_accessibility_violations(
    new_page, label, path, user, shot, lang, viewport
):
    page = new_page(viewport=viewport, user=user)
    response = page.goto(path.format(lang=lang))
    assert response is not None
    assert response.status == {"404": 404, "no-access": 403}.get(label, 200), page.url
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("main#inhoud").count() == 1
    assert page.locator("h1").count() == 1, "one main heading per page"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert_accessible(page, f"{label} {lang} {viewport['width']}px")
    assert not page.script_errors, page.script_errors
    if shot and (lang == "nl" or label == "easy-read"):
        size = "phone" if viewport is PHONE else "desktop"
        screenshot(page, f"{shot}-{lang}-{size}" if lang != "nl" else f"{shot}-{size}")


@pytest.mark.parametrize(("label", "path", "user", "shot"), PAGES, ids=[p[0] for p in PAGES])
def test_keyboard_focus_is_visible_on_every_element_of_every_page_type(
    new_page, label, path, user, shot
):
    page = new_page(viewport=PHONE, user=user)
    page.goto(path.format(lang="nl"))
    stops = tab_through(page)
    assert len(stops) >= 3, f"{label}: the keyboard reaches only {stops}"


# Arabic has no interface catalogue: the interface falls back to Dutch. Those words must
# say they are Dutch (WCAG 3.1.2, screen readers switch voice) and run left to right, or
# a right-to-left page moves their full stop and question mark to the wrong end.
DUTCH_ON_ARABIC_PAGES = [
    ("/ar/", None, "footer.site-footer p span", "netwerkcoördinator."),
    ("/ar/", None, "#onderdelen span", "Wat vind je hier?"),
    ("/ar/accounts/login/", None, "main p span", "kreeg."),
    ("/ar/bestaat-niet/", None, "main p span", "gaan."),
    ("/ar/zoeken/?q=ouders", None, "#search-page-label span", "naar?"),
    ("/ar/accounts/login/?next=/nl/kennisbank/schelle-klankbord/", "lid", "main p span", "."),
]

PUNCTUATION_AT_THE_END = """el => {
    const text = [...el.childNodes].filter(n => n.nodeType === 3 && n.data.trim()).pop();
    const end = text.data.trimEnd().length;
    const range = document.createRange();
    range.setStart(text, end - 1);
    range.setEnd(text, end);
    const mark = range.getBoundingClientRect();
    const lines = el.getClientRects();
    const line = lines[lines.length - 1];
    return {lang: el.closest('[lang]').lang, dir: getComputedStyle(el).direction,
            atRightEnd: Math.abs(mark.right - line.right) < 2};
}"""


@pytest.mark.parametrize(("path", "user", "selector", "ending"), DUTCH_ON_ARABIC_PAGES)
def test_dutch_interface_text_on_arabic_pages_is_marked_dutch_and_reads_left_to_right(
    new_page, path, user, selector, ending
):
    page = new_page(viewport=PHONE, user=user)
    page.goto(path)
    assert page.get_attribute("html", "dir") == "rtl"
    element = page.locator(selector).filter(has_text=ending).first
    state = element.evaluate(PUNCTUATION_AT_THE_END)
    assert state == {"lang": "nl", "dir": "ltr", "atRightEnd": True}, state
