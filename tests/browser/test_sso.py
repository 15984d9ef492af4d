"""Signing in with your own organisation, end to end in Chromium: the login page's
button, the real OpenID Connect provider's own sign-in and consent pages
(``oidc-provider``'s development interactions, started by the ``oidc_provider``
fixture of tests/browser/conftest.py), and back in the portal as the linked account
(the demo account "buitenstaander", Pieter Maes, through its verified e-mail address).
"""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, press_tab_until

BUTTON = "Aanmelden met Testorganisatie"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BROWSER_BASE_URL")),
    reason="needs the portal the suite starts (configured with the test provider)",
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_organisation_button_looks_like_the_portals_buttons(new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto("/nl/accounts/login/")
    section = page.get_by_role("region", name="Aanmelden via je organisatie")
    button = section.get_by_role("link", name=BUTTON)
    expect(button).to_be_visible()
    submit = page.locator("form.form button[type=submit]")
    style = """(el) => {
        const s = getComputedStyle(el);
        return [s.backgroundColor, s.color, s.borderRadius, s.fontWeight];
    }"""
    assert button.evaluate(style) == submit.evaluate(style)
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["height"] >= 24  # WCAG 2.2 target size
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert_accessible(page, f"login with sso {viewport['width']}px")


def test_the_organisation_button_is_reached_by_keyboard(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/nl/accounts/login/")
    press_tab_until(page, lambda state: state["text"] == BUTTON)


def test_signing_in_through_the_organisations_provider(new_page, oidc_provider, live_portal):
    page = new_page(viewport=PHONE)
    page.goto("/nl/accounts/login/?next=/nl/accounts/mijn-account/")
    page.get_by_role("link", name=BUTTON).click()

    # The provider's own pages: sign in, then agree to share the e-mail address.
    page.wait_for_url(f"{oidc_provider.issuer}/**")
    page.fill("input[name=login]", "pieter")
    page.fill("input[name=password]", "geheim")
    with page.expect_navigation():
        page.locator("button[type=submit]").first.click()
    if page.url.startswith(oidc_provider.issuer):  # consent: "Continue"
        with page.expect_navigation():
            page.locator("button[type=submit]").first.click()

    page.wait_for_url(f"{live_portal}/nl/accounts/mijn-account/")
    expect(page.locator(".account-name")).to_have_text("Pieter Maes")
    expect(page.locator("input[name=first_name]")).to_have_value("Pieter")
    expect(page.locator("form[action*='logout']")).to_have_count(1)
    assert not page.script_errors, page.script_errors
