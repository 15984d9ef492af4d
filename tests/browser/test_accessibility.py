"""axe-core on every page type, in Dutch and Arabic, at phone and desktop width.

Every page type exists in Arabic in the test portal: the start page and the easy-read
pages through the demo, the kennisbank, the feedback page and the working group
"Participatie" through ``prepare_portal.py`` (Arabic versions that still show the Dutch
text). Login, search and the 404 page are the same views under ``/ar/``.

The Dutch pages are photographed for ``docs/screenshots/`` (and the Arabic easy-read
page, to show the right-to-left layout).
"""

import re

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
    ("group-polls", f"/{{lang}}/{SPACE}/peilingen/", "lid", None),
    ("group-invitations", f"/{{lang}}/{SPACE}/inbreng/uitnodigingen/", "trekker", None),
    ("meeting", f"/{{lang}}/{SPACE}/voorbereiding-gezinnendag/", "lid", "meeting"),
    ("feedback", "/{lang}/terugkoppeling/", None, "feedback"),
    ("easy-read", "/{lang}/eenvoudig-uitgelegd/rekeningen-betalen/", None, "easy-read"),
    ("search-results", "/{lang}/zoeken/?q=ouders", None, "search"),
    ("login", "/{lang}/accounts/login/", None, "login"),
    ("no-access", "/{lang}/accounts/login/?next=/nl/kennisbank/schelle-klankbord/", "lid", None),
    ("password-reset", "/{lang}/accounts/wachtwoord-vergeten/", None, None),
    ("account", "/{lang}/accounts/mijn-account/", "lid", "account"),
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


# Arabic has its own interface catalogue: menus, buttons, forms and messages are Arabic
# and right to left. Only Dutch content (a page not yet translated) and the switcher's
# "Nederlands" may be marked Dutch.
ARABIC_PAGES = [
    ("/ar/", None),
    ("/ar/accounts/login/", None),
    ("/ar/bestaat-niet/", None),
    ("/ar/zoeken/?q=ouders", None),
    ("/ar/accounts/login/?next=/nl/kennisbank/schelle-klankbord/", "lid"),
    ("/ar/accounts/wachtwoord-vergeten/", None),
    ("/ar/accounts/mijn-account/", "lid"),
]
INTERFACE = "header, footer, form, .skip-link, #search-page-label, .messages"


@pytest.mark.parametrize(("path", "user"), ARABIC_PAGES)
def test_the_interface_of_arabic_pages_is_arabic(new_page, path, user):
    page = new_page(viewport=PHONE, user=user)
    page.goto(path)
    assert page.get_attribute("html", "dir") == "rtl"
    dutch = page.evaluate(
        """(interface) => [...document.querySelectorAll(interface)]
            .flatMap(zone => [zone, ...zone.querySelectorAll('[lang]')])
            .filter(el => el.closest('[lang]').lang === 'nl' && !el.closest('[hreflang]'))
            .map(el => el.textContent.trim()).filter(Boolean)""",
        INTERFACE,
    )
    assert not dutch, f"{path}: interface text marked Dutch: {dutch[:5]}"
    assert re.search("[\u0600-\u06ff]", page.locator("header").inner_text())
