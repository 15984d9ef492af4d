"""axe-core on every page type, in Dutch and Arabic, at phone and desktop width."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, login, screenshot

# (label, path, user) — grows with every page type.
PAGES = [
    ("home", "/{lang}/", None),
    ("home-member", "/{lang}/", "lid"),
    ("login", "/{lang}/accounts/login/", None),
    ("404", "/{lang}/bestaat-niet/", None),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize(("label", "path", "user"), PAGES, ids=[p[0] for p in PAGES])
def test_page_type_has_no_serious_accessibility_violations(
    new_page, label, path, user, lang, viewport
):
    page = new_page(viewport=viewport)
    if user:
        login(page, user)
    response = page.goto(path.format(lang=lang))
    assert response is not None
    assert page.locator("main#inhoud").count() == 1
    assert_accessible(page, f"{label} {lang} {viewport['width']}px")
    if lang == "nl" and not user:
        screenshot(page, f"{label}-{'phone' if viewport is PHONE else 'desktop'}")
