"""Easy-read in a real browser: the switch, read-aloud, glossary disclosures, the
readability panel, and accessibility of the easy-read pages in Dutch and Arabic.

Speech synthesis is replaced by a stub with chosen voices: headless chromium has none,
and the test must say which voices exist.
"""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, login, screenshot

EASY_PAGE = "/{lang}/eenvoudig-uitgelegd/rekeningen-betalen/"

SPEECH_STUB = """
(() => {
    const voices = %s.map(lang => ({lang, name: 'Stub ' + lang, voiceURI: lang,
                                     default: false, localService: true}));
    window.__spoken = [];
    const synth = {
        paused: false, speaking: false,
        getVoices() { return voices; },
        speak(utterance) { window.__spoken.push({text: utterance.text, lang: utterance.lang}); },
        cancel() { window.__cancelled = (window.__cancelled || 0) + 1; },
        pause() { this.paused = true; },
        resume() { this.paused = false; },
        addEventListener() {},
        onvoiceschanged: null,
    };
    Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def _with_voices(page, *languages):
    page.add_init_script(SPEECH_STUB % list(languages))
    return page


def test_read_aloud_reads_the_easy_read_version_and_pauses_and_stops(new_page):
    page = _with_voices(new_page(), "nl-BE", "en-GB")
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto("/nl/?eenvoudig=1")
    controls = page.locator("[data-read-aloud]")
    controls.wait_for(state="visible")
    page.get_by_role("button", name="Lees voor").click()
    spoken = page.evaluate("window.__spoken")
    texts = [item["text"] for item in spoken]
    assert "Dit is de website van het netwerk tegen armoede bij gezinnen." in texts
    assert not any("Samen sterker" in text for text in texts)  # the full text is not shown
    assert {item["lang"] for item in spoken} == {"nl-BE"}

    pause = page.locator("[data-read-aloud-pause]")
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    assert pause.inner_text() == "Verder lezen"
    page.locator("[data-read-aloud-stop]").click()
    assert page.locator("[data-read-aloud-play]").is_visible()
    assert not pause.is_visible()
    assert page.evaluate("window.__cancelled") >= 1
    assert script_errors == []


def test_read_aloud_stays_hidden_without_a_voice_for_the_page_language(new_page):
    page = _with_voices(new_page(), "nl-BE", "en-GB")
    page.goto(EASY_PAGE.format(lang="ar"))
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-read-aloud]").is_hidden()
    page = _with_voices(new_page(), "ar-SA")
    page.goto(EASY_PAGE.format(lang="ar"))
    page.locator("[data-read-aloud]").wait_for(state="visible")


def test_glossary_word_opens_and_closes_its_explanation_in_place(new_page):
    page = new_page()
    page.goto(EASY_PAGE.format(lang="nl"))
    word = page.get_by_role("button", name="OCMW")
    explanation = page.locator(".glossary__explanation").first
    assert word.get_attribute("aria-expanded") == "false"
    assert explanation.is_hidden()
    word.click()
    assert word.get_attribute("aria-expanded") == "true"
    assert explanation.is_visible()
    assert "sociaal huis van je gemeente" in explanation.inner_text()
    word.press("Escape")
    assert explanation.is_hidden()


def test_glossary_explanation_shows_without_javascript(browser, live_portal):
    context = browser.new_context(base_url=live_portal, java_script_enabled=False)
    page = context.new_page()
    page.goto(EASY_PAGE.format(lang="nl"))
    assert page.locator(".glossary__explanation").first.is_visible()
    context.close()


def test_easy_read_choice_is_remembered_on_the_next_visit(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/nl/")
    page.get_by_role("link", name="Eenvoudige taal").click()
    page.wait_for_load_state()
    page.goto("/nl/")
    assert page.get_by_text("Dit is de website van het netwerk").is_visible()
    page.get_by_role("link", name="Volledige tekst").click()
    page.wait_for_load_state()
    assert page.get_by_text("Samen sterker").is_visible()


def test_readability_panel_measures_while_the_editor_types(new_page):
    page = new_page(viewport=DESKTOP)
    login(page, "redacteur")
    page.goto("/admin/pages/search/?q=rekeningen")
    page.locator("a[href*='/edit/']").first.click()
    panel = page.locator("[data-readability-panel]").first
    panel.locator(".readability__verdict").wait_for()
    field = page.locator("textarea").first
    field.click()
    field.press("End")
    field.type(
        " Teneinde in aanmerking te komen voor een tegemoetkoming dient de aanvrager een"
        " volledig ingevuld aanvraagformulier te bezorgen."
    )
    panel.locator(".readability__mark").wait_for()
    assert "aanvraagformulier" in panel.inner_text()
    assert page.locator(".readability-badge").first.is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize(
    "path", ["/{lang}/eenvoudig-uitgelegd/", EASY_PAGE, "/{lang}/?eenvoudig=1"]
)
def test_easy_read_pages_have_no_serious_accessibility_violations(new_page, path, lang, viewport):
    page = new_page(viewport=viewport)
    page.goto(path.format(lang=lang))
    assert_accessible(page, f"{path.format(lang=lang)} {viewport['width']}px")


def test_the_arabic_start_page_plays_its_recording_on_a_phone_without_an_arabic_voice(new_page):
    """Many cheap phones have no Arabic voice: the page offers the server's recording
    in a plain audio player instead of the read-aloud buttons, and it plays."""
    page = _with_voices(new_page(viewport=PHONE), "nl-BE")  # a Dutch voice only
    page.goto("/ar/")
    player = page.locator("[data-read-aloud-recording] audio")
    player.wait_for(state="visible")
    assert page.locator("[data-read-aloud]").is_hidden()
    with page.expect_response(lambda r: "/voorlezen/" in r.url) as answer:
        player.focus()
        page.keyboard.press("Space")  # the player's own play button, by keyboard
    assert answer.value.headers["content-type"] == "audio/mpeg"
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-read-aloud-recording] audio');"
        " return !a.paused && a.currentTime > 0.2; }",
        timeout=15_000,
    )
    assert page.script_errors == []
    screenshot(page, "read-aloud-recording-ar-phone")


def test_with_a_voice_the_recording_makes_way_for_the_read_aloud_buttons(new_page):
    page = _with_voices(new_page(viewport=PHONE), "ar-SA")
    page.goto("/ar/")
    page.locator("[data-read-aloud]").wait_for(state="visible")
    assert page.locator("[data-read-aloud-recording]").is_hidden()
