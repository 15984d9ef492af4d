"""Main journeys in a real browser; each ends in what the person sees."""

import re

from tests.browser.conftest import PHONE, login


def test_keyboard_user_reaches_content_with_a_visible_focus(new_page):
    page = new_page()
    page.goto("/nl/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link becomes visible when focused"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert re.search(r"#inhoud$", page.url)
    # From the top, through the header, search box and main navigation: every
    # focused element shows the focus ring.
    page.goto("/nl/")
    seen = []
    for _ in range(14):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "() => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return {tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 30),"
            " outline: s.outlineStyle, shadow: s.boxShadow}; }"
        )
        if state["tag"] == "BODY":
            break
        seen.append(state["text"])
        assert state["outline"] != "none" or state["shadow"] != "none", state
    assert "Start" in seen, seen


def test_member_logs_in_and_is_greeted_by_name(new_page):
    page = new_page(viewport=PHONE)
    login(page, "lid")
    page.goto("/nl/")
    assert "Welkom terug, Nadia" in page.locator(".hero").inner_text()
    assert page.locator("button", has_text="Afmelden").is_visible()


def test_arabic_home_is_right_to_left(new_page):
    page = new_page()
    page.goto("/ar/")
    assert page.get_attribute("html", "dir") == "rtl"


def test_public_pages_run_without_csp_violations_or_script_errors(browser, live_portal):
    context = browser.new_context(base_url=live_portal)  # CSP enforced
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto("/nl/")
    page.goto("/nl/accounts/login/")
    context.close()
    assert not errors, errors
