"""The main journeys in a real browser; each ends in what the person sees.

1. A partner filters the kennisbank, opens a practice, follows its method and prints it.
2. A member of "Participatie" shares a PDF and downloads a meeting's agenda; a partner
   outside the group reaches none of it.
3. An editor translates a practice into French in the admin (machine translation,
   publish); visitors reach it from the Dutch page's language switcher.
4. An Arabic-speaking visitor: right to left, mirrored, easy-read with the keyboard,
   read-aloud only with a voice.
5. Search: suggestions while typing, results with facets, a facet narrows them.
6. Keyboard only: skip link, main navigation, filters, a form submit; focus always shows.
"""

import re
from pathlib import Path

from django.utils.translation import gettext, override
from playwright.sync_api import expect

from demo.samplefiles import make_pdf
from tests.browser.conftest import (
    DESKTOP,
    FOCUS_STATE,
    PHONE,
    login,
    press_tab_until,
    screenshot,
)

# --- helpers ---------------------------------------------------------------------


def main_nav(page):
    return page.locator("nav.main-nav")


def result_count(page, selector):
    return int(re.search(r"\d+", page.locator(selector).inner_text()).group())


# --- 1. kennisbank ----------------------------------------------------------------


def test_partner_combines_filters_opens_a_practice_and_prints_its_method(new_page):
    page = new_page()
    login(page, "partner")
    main_nav(page).get_by_role("link", name="Kennisbank").click()
    expect(page.locator("h1")).to_have_text("Kennisbank")
    everything = result_count(page, "#kb-results-title")

    filters = page.locator("form.kb-facets")
    filters.get_by_role("group", name="Thema").get_by_label("Toegang tot hulp").check()
    filters.get_by_role("group", name="Soort inhoud").get_by_label("Praktijkvoorbeeld").check()
    filters.get_by_role("button", name="Toon resultaten").click()

    assert "thema=toegang" in page.url and "type=praktijk" in page.url
    expect(page.locator(".kb-active li")).to_have_count(2)
    narrowed = result_count(page, "#kb-results-title")
    assert 0 < narrowed < everything
    cards = page.locator(".kb-cards > li")
    expect(cards).to_have_count(narrowed)
    for kind in cards.locator(".kb-card__kind").all_inner_texts():
        assert kind.lower().startswith("praktijkvoorbeeld"), kind

    # A practice of the demo that uses a method (an imported sheet may use none).
    practice_link = cards.locator("a", has_text="Kapellen: een oudercafé").first
    practice_title = practice_link.inner_text().strip()
    practice_link.click()
    expect(page.locator("h1")).to_have_text(practice_title)
    methods = page.locator(
        "section.kb-section", has=page.locator("h2", has_text="Gebruikte methodes")
    )
    method_link = methods.get_by_role("link").first
    method_title = method_link.inner_text().strip()
    method_link.click()

    expect(page.locator("h1")).to_have_text(method_title)
    expect(page.locator(".kb-card__kind").first).to_contain_text("Methode")
    used_in = page.locator("section", has=page.locator("#kb-practices-title"))
    expect(used_in.get_by_role("link", name=practice_title)).to_be_visible()

    page.emulate_media(media="print")
    for chrome in ("header.site-header", "nav.main-nav", "footer.site-footer", ".breadcrumbs"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(used_in).to_be_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"


# --- 2. working group -------------------------------------------------------------


def test_member_shares_a_pdf_and_downloads_the_agenda_outsider_gets_nothing(new_page):
    page = new_page(user="lid")
    page.goto("/nl/")
    main_nav(page).get_by_role("link", name="Werkgroepen").click()
    page.get_by_role("link", name="Participatie").first.click()
    expect(page.locator("h1")).to_have_text("Participatie")
    space_url = page.url

    page.get_by_role("link", name="Document opladen").click()
    pdf = make_pdf("Agenda gezinnendag", ["Wie nodigt welke gezinnen uit?", "Vervoer."])
    page.get_by_label("Bestanden").set_input_files(
        files=[{"name": "agenda-gezinnendag.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_label("Titel", exact=True).fill("Agenda gezinnendag")
    page.get_by_label("Beschrijving").fill("Wat we bespreken op de voorbereiding.")
    page.get_by_role("button", name="Opladen").click()

    expect(page.locator("h1")).to_have_text("Documenten")
    row = page.locator("table.doc-table tbody tr", has_text="Agenda gezinnendag").first
    expect(row).to_contain_text("PDF")
    expect(row).to_contain_text("Nadia Benali")
    row.get_by_role("link", name="Agenda gezinnendag").click()
    document_page = page.url
    # A PDF opens in the browser (inline); fetch it as the browser would, with the
    # member's cookies, and compare the bytes.
    download_url = page.get_by_role("link", name="Downloaden").get_attribute("href")
    shared = page.request.get(download_url)
    assert shared.status == 200
    assert ".pdf" in shared.headers["content-disposition"]
    assert shared.body() == pdf

    page.goto(space_url)
    page.get_by_role("link", name="Voorbereiding gezinnendag").first.click()
    meeting_url = page.url
    expect(page.locator("h1")).to_have_text("Voorbereiding gezinnendag")
    expect(page.locator("#agenda")).to_be_visible()
    with page.expect_download() as agenda:
        page.get_by_role("link", name=re.compile(r"\.ics")).click()
    ics_url = agenda.value.url
    calendar = Path(agenda.value.path()).read_text()
    assert agenda.value.suggested_filename.endswith(".ics")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert re.search(r"^SUMMARY:.*Voorbereiding gezinnendag", calendar, re.MULTILINE)
    with page.expect_download() as attached:
        page.locator("section", has=page.locator("#documenten")).get_by_role("link").first.click()
    assert attached.value.suggested_filename.endswith(".docx")
    assert Path(attached.value.path()).read_bytes()[:2] == b"PK"

    outsider = new_page(user="buitenstaander")
    for url in (space_url, document_page, meeting_url):
        response = outsider.goto(url)
        assert response.status == 403, url
        expect(outsider.locator("h1")).to_have_text("Deze werkgroep is besloten")
        expect(outsider.locator("main")).not_to_contain_text("Agenda gezinnendag")
    for url in (download_url, ics_url):
        response = outsider.request.get(url, max_redirects=0)
        assert response.status in (302, 403, 404), (url, response.status)
        assert b"%PDF" not in response.body() and b"VCALENDAR" not in response.body()
    outsider.goto("/nl/werkgroepen/")
    expect(outsider.locator("main")).not_to_contain_text("Participatie")


def test_outsider_following_a_group_document_link_is_told_it_is_closed(new_page):
    """Logged in, without access: a page that says so, not the login form again (nor
    the redirect loop there was between Wagtail's restriction and the login view)."""
    member = new_page(user="lid")
    member.goto("/nl/werkgroepen/participatie/voorbereiding-gezinnendag/")
    documents = member.locator("section", has=member.locator("#documenten"))
    link = documents.get_by_role("link").first.get_attribute("href")
    outsider = new_page(user="buitenstaander")
    response = outsider.goto(link)
    assert response.status == 403
    expect(outsider.locator("h1")).to_have_text("Deze pagina is niet voor jou open")


def test_member_without_partner_role_is_told_a_partner_page_is_closed(new_page):
    page = new_page(user="lid")  # an experience expert, not a partner
    response = page.goto("/nl/kennisbank/schelle-klankbord/")  # partners only
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Deze pagina is niet voor jou open")
    expect(page.locator("main")).not_to_contain_text("Schelle")


# --- 3. translation in the admin --------------------------------------------------

PRACTICE_TO_TRANSLATE = "/nl/kennisbank/hemiksem-soep/"


def test_editor_publishes_a_machine_translated_french_practice(new_page):
    visitor = new_page()
    visitor.goto(PRACTICE_TO_TRANSLATE)
    title = visitor.locator("h1").inner_text().strip()
    switcher = visitor.locator("nav.language-switcher")
    assert switcher.get_by_role("link", name="Français").count() == 0, "start without French"

    editor = new_page(user="redacteur")
    editor.goto(PRACTICE_TO_TRANSLATE)
    editor.locator("wagtail-userbar button").first.click()
    editor.locator("wagtail-userbar a[href$='/edit/']").click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    editor.locator("header").get_by_role("button", name=re.compile("Actions|Acties")).click()
    editor.locator("header a[href*='/localize/submit/page/']").click()
    editor.get_by_label("Français").check()
    editor.locator("main form [type=submit]").first.click()
    editor.locator("button:visible", has_text="Dummy").first.click()
    expect(editor.locator(".messages")).to_contain_text("Dummy")
    editor.locator("button:visible", has_text=re.compile(r"Publi\w* in\s*Français")).click()
    expect(editor.locator(".messages")).to_contain_text("Français")

    visitor.goto(PRACTICE_TO_TRANSLATE)
    visitor.locator("nav.language-switcher").get_by_role("link", name="Français").click()
    expect(visitor).to_have_url(re.compile(r"/fr/kennisbank/hemiksem-soep/$"))
    assert visitor.get_attribute("html", "lang") == "fr"
    # The dummy translator turns the word order around: the text is the translation.
    expect(visitor.locator("h1")).to_have_text(" ".join(reversed(title.split(" "))))
    french_switcher = visitor.locator("nav.language-switcher")
    expect(french_switcher.get_by_role("link", name="Nederlands")).to_be_visible()


# --- 4. Arabic, easy-read and read-aloud ------------------------------------------

EASY_READ_AR = "/ar/eenvoudig-uitgelegd/rekeningen-betalen/"

ARABIC_VOICE = """(() => {
    const voice = {name: 'Test Arabic', lang: 'ar-SA', voiceURI: 'test-ar',
                   localService: true, default: true};
    const synth = new EventTarget();
    window.__spoken = [];
    synth.getVoices = () => [voice];
    synth.speak = (utterance) => window.__spoken.push({text: utterance.text, lang: utterance.lang});
    synth.cancel = () => {};
    synth.pause = () => {};
    synth.resume = () => {};
    synth.paused = false;
    synth.onvoiceschanged = null;
    Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
})();"""


def arabic(text):
    """The interface text ``text`` as the Arabic catalogue has it."""
    with override("ar"):
        translated = gettext(text)
    assert translated != text, f"no Arabic for {text!r}"
    return translated


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_arabic_layout_is_the_mirror_of_the_dutch_one(new_page):
    page = new_page(viewport=DESKTOP)
    for lang, rtl in (("nl", False), ("ar", True)):
        page.goto(f"/{lang}/")
        assert page.get_attribute("html", "dir") == ("rtl" if rtl else "ltr")
        logo, tools = _box(page, ".site-logo"), _box(page, ".site-header__tools")
        first, last = _box(page, ".main-nav li:first-child"), _box(page, ".main-nav li:last-child")
        hero = page.locator(".hero").evaluate(
            "el => [getComputedStyle(el).borderLeftWidth, getComputedStyle(el).borderRightWidth]"
        )
        if rtl:
            assert logo["x"] > tools["x"], "logo on the right, tools on the left"
            assert first["x"] > last["x"], "the menu starts on the right"
            assert hero[1] != "0px" and hero[0] == "0px", "the accent bar on the right"
        else:
            assert logo["x"] < tools["x"]
            assert first["x"] < last["x"]
            assert hero[0] != "0px" and hero[1] == "0px"


FULL_STOP = """el => {
    // Where the closing full stop of the element's text is laid out, against the letter
    // it follows: [right edge of that letter, left edge of the full stop].
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) if (walker.currentNode.data.trim()) last = walker.currentNode;
    const stop = last.data.trimEnd().length - 1;
    const box = (index) => {
        const range = document.createRange();
        range.setStart(last, index);
        range.setEnd(last, index + 1);
        return range.getBoundingClientRect();
    };
    return [last.data[stop], box(stop - 1).right, box(stop).left];
}"""


def test_dutch_text_on_an_arabic_page_keeps_its_full_stop_at_the_end(new_page):
    """An Arabic page whose text is not translated yet shows the Dutch text, which
    still reads left to right (``portal.js``): the full stop right after the last word,
    not at the far left of the line as a right-to-left paragraph would put it."""
    page = new_page(viewport=DESKTOP)
    page.goto("/ar/kennisbank/kapellen-een-oudercafe-in-de-kinderopvang/")
    assert page.get_attribute("html", "dir") == "rtl"
    for paragraph in (page.locator(".lead p").first, page.locator(".kb-section p").nth(1)):
        stop, letter_right, stop_left = paragraph.evaluate(FULL_STOP)
        assert stop == "."
        assert abs(stop_left - letter_right) < 2, "the full stop follows the last word"
    # Arabic text that names something in Latin letters keeps the page's direction.
    page.goto("/ar/eenvoudig-uitgelegd/")
    arabic = page.locator("main .card__text", has_text="UiTPAS").first
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("main [dir=ltr]", has_text="UiTPAS").count() == 0


def test_arabic_visitor_switches_to_easy_read_with_the_keyboard(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/ar/")
    assert page.get_attribute("html", "dir") == "rtl"
    toggle = page.locator("nav.easy-read-toggle")
    content = page.locator("main").evaluate(
        "el => el.getBoundingClientRect().right - parseFloat(getComputedStyle(el).paddingRight)"
    )
    switch = _box(page, ".easy-read-toggle__list")
    full, easy = (
        _box(page, ".easy-read-toggle li:first-child"),
        _box(page, ".easy-read-toggle li:last-child"),
    )
    assert abs(switch["x"] + switch["width"] - content) < 2, "the switch starts on the right"
    assert full["x"] >= easy["x"] + easy["width"], "'full text' comes first, on the right"
    # The toggle speaks Arabic (the interface catalogue).
    easy_label, full_label = arabic("Eenvoudige taal"), arabic("Volledige tekst")
    press_tab_until(page, lambda s: easy_label in s["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"eenvoudig=1"))
    easy = toggle.get_by_role("link", name=easy_label)
    expect(easy).to_have_attribute("aria-current", "true")
    expect(page.locator(".page-body .easy-read")).to_be_visible()
    # Remembered: the next visit shows the easy-read version without asking.
    page.goto("/ar/")
    expect(page.locator(".page-body .easy-read")).to_be_visible()
    # And back to the full text, again with the keyboard only.
    press_tab_until(page, lambda s: full_label in s["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"eenvoudig=0"))
    expect(page.locator(".page-body .easy-read")).to_have_count(0)


def test_read_aloud_stays_hidden_without_a_voice_for_the_language(new_page):
    page = new_page(viewport=PHONE)
    page.goto(EASY_READ_AR)
    assert page.get_attribute("html", "dir") == "rtl"
    has_voice = page.evaluate(
        "() => 'speechSynthesis' in window"
        " && speechSynthesis.getVoices().some(v => v.lang.toLowerCase().startsWith('ar'))"
    )
    controls = page.locator("[data-read-aloud]")
    if has_voice:
        expect(controls).to_be_visible()
    else:
        expect(controls).to_be_hidden()


def test_read_aloud_reads_the_arabic_page_when_the_browser_has_an_arabic_voice(new_page):
    page = new_page(viewport=PHONE)
    page.add_init_script(ARABIC_VOICE)
    page.goto(EASY_READ_AR)
    button = page.get_by_role("button", name=arabic("Lees voor"))
    expect(button).to_be_visible()
    box, main = button.bounding_box(), _box(page, "main")
    assert box["x"] + box["width"] > main["x"] + main["width"] / 2, "on the right in Arabic"
    button.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken and all(part["lang"] == "ar-SA" for part in spoken)
    text = " ".join(part["text"] for part in spoken)
    assert re.search(r"[\u0600-\u06FF]", text), "the Arabic text is read"
    stop = page.get_by_role("button", name=arabic("Stop"))
    expect(stop).to_be_visible()
    stop.click()
    expect(button).to_be_visible()
    expect(button).to_be_focused()


# --- 5. search --------------------------------------------------------------------


def test_search_suggests_while_typing_and_a_facet_narrows_the_results(new_page):
    page = new_page()
    page.goto("/nl/")
    box = page.get_by_role("combobox", name="Zoeken in het portaal")
    box.press_sequentially("ouders", delay=40)
    page.wait_for_function(
        "document.querySelectorAll('#site-search-suggestions option').length > 0"
    )
    suggestions = page.locator("#site-search-suggestions option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert any("ouder" in s.lower() for s in suggestions), suggestions
    box.press("Enter")

    page.wait_for_url(re.compile(r"/nl/zoeken/\?q=ouders"))
    results = page.locator(".search-results__list > li")
    everything = results.count()
    assert everything > 1
    facets = page.locator("aside.search-facets")
    expect(facets).to_be_visible()
    kind = facets.locator("section.search-facet", has=page.locator("h3", has_text="Soort"))
    choice = kind.locator("a.search-facet__value", has_text="Praktijkvoorbeeld")
    expected = int(re.search(r"\((\d+)", choice.inner_text()).group(1))
    assert 0 < expected < everything
    choice.click()

    expect(results).to_have_count(expected)
    for label in results.locator(".search-result__meta .tag").all_inner_texts():
        assert label.startswith("Praktijkvoorbeeld"), label
    expect(
        page.locator("a.search-facet__value[aria-current='true']", has_text="Praktijkvoorbeeld")
    ).to_be_visible()


def test_a_misspelled_search_shows_the_results_of_its_correction_on_a_phone(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/nl/")
    page.get_by_role("combobox", name="Zoeken in het portaal").fill("klankbrodgroep")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/nl/zoeken/\?q=klankbrodgroep"))
    note = page.locator(".search-spelling")
    expect(note).to_contain_text("Bedoelde je:")
    expect(note.locator("strong")).to_have_text("klankbordgroep")
    titles = page.locator(".search-results__list > li h3").all_inner_texts()
    assert any("klankbord" in title.lower() for title in titles), titles
    assert page.locator("#search-page-q").input_value() == "klankbordgroep"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide on a phone"
    screenshot(page, "search-corrected-phone")


# --- 6. keyboard only -------------------------------------------------------------


def test_keyboard_user_goes_from_skip_link_through_menu_and_filters_with_visible_focus(
    new_page,
):
    page = new_page()
    page.goto("/nl/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link becomes visible when focused"
    assert page.evaluate(FOCUS_STATE)["ring"]
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhoud")

    page.goto("/nl/")
    press_tab_until(page, lambda s: s["text"] == "Kennisbank")
    expect(main_nav(page).get_by_role("link", name="Kennisbank")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/nl/kennisbank/$"))

    press_tab_until(page, lambda s: s["tag"] == "INPUT" and "kb-facet" in _closest_class(page))
    page.keyboard.press("Space")
    ticked = page.evaluate("document.activeElement.value")
    assert page.evaluate("document.activeElement.checked")
    press_tab_until(page, lambda s: s["text"] == "Toon resultaten")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"\?.*={re.escape(ticked)}"))
    expect(page.locator(".kb-active li")).to_have_count(1)


def _closest_class(page):
    return page.evaluate(
        "() => (document.activeElement.closest('fieldset') || {className: ''}).className"
    )


# --- what was here before ---------------------------------------------------------


def test_member_logs_in_and_is_greeted_by_name(new_page):
    page = new_page(viewport=PHONE)
    login(page, "lid")
    page.goto("/nl/")
    assert "Welkom terug, Nadia" in page.locator(".hero").inner_text()
    assert page.locator("button", has_text="Afmelden").is_visible()


def test_public_pages_run_without_csp_violations_or_script_errors(browser, live_portal):
    context = browser.new_context(base_url=live_portal)  # CSP enforced
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    for path in ("/nl/", "/nl/accounts/login/", "/nl/kennisbank/", "/nl/zoeken/?q=ouders"):
        page.goto(path)
        with page.expect_response(re.compile(r"/zoeken/suggesties/")):
            page.get_by_role("combobox", name="Zoeken in het portaal").press_sequentially("fo")
    page.goto(EASY_READ_AR)
    context.close()
    assert not errors, errors
