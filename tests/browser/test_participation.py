"""Taking part without an account, in a real browser: the lead makes an invitation
link, a participant opens it on a phone and answers by keyboard, the lead sees the
input, and the link then opens nothing. Polls and actions are photographed for the
working-group guide."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    press_tab_until,
    screenshot,
)

SPACE = "/nl/werkgroepen/participatie/"


def make_link(lead, name, language="nl"):
    lead.goto(SPACE + "inbreng/uitnodigingen/")
    lead.get_by_label("Voornaam (niet verplicht)").fill(name)
    lead.get_by_label("Taal van de pagina").select_option(language)
    lead.get_by_role("button", name="Link maken").click()
    expect(lead.locator("h1")).to_contain_text("Uitnodigingslink")
    expect(lead.locator(".invitation-detail__qr img")).to_be_visible()
    return lead.locator("#invitation-link").input_value()


def test_a_participant_answers_through_a_link_by_keyboard_on_a_phone(new_page):
    lead = new_page(user="trekker")
    link = make_link(lead, "Samira")
    assert "/nl/meedoen/" in link

    participant = new_page(viewport=PHONE)
    response = participant.goto(link)
    assert response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(participant.locator("h1")).to_have_text("Dag Samira, zeg wat jij denkt")
    screenshot(participant, "invitation-phone")
    press_tab_until(participant, lambda state: state["tag"] == "TEXTAREA")
    participant.keyboard.type("Op woensdag kunnen de kinderen mee naar de vergadering.")
    press_tab_until(
        participant, lambda state: state["tag"] == "BUTTON" and "Versturen" in state.get("text", "")
    )
    participant.keyboard.press("Enter")
    expect(participant.locator("h1")).to_have_text("Bedankt!")

    lead.goto(SPACE + "inbreng/")
    item = lead.locator(".input-item", has_text="Op woensdag kunnen de kinderen mee")
    expect(item).to_contain_text("Van Samira")
    expect(item).to_contain_text("ontvangen")

    again = participant.goto(link)
    assert again.status == 410
    expect(participant.locator("h1")).to_have_text("Deze link is al gebruikt")
    # The link is no key to the space, nor to another one.
    for path in [SPACE, SPACE + "documenten/", "/nl/werkgroepen/drempels-naar-hulp/"]:
        participant.goto(path)
        assert "/accounts/login/" in participant.url, path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_participants_page_is_accessible(new_page, viewport, language):
    lead = new_page(user="trekker")
    link = make_link(lead, "Karim", language=language)
    participant = new_page(viewport=viewport)
    participant.goto(link)
    assert participant.get_attribute("html", "lang") == language
    assert participant.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    overflow = participant.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert_accessible(participant, f"invitation {language} {viewport['width']}px")
    # The refusal page as well.
    refused = participant.goto(link.replace("/meedoen/", "/meedoen/x"))
    assert refused.status == 404
    expect(participant.locator("h1")).to_have_count(1)
    if language == "nl":
        expect(participant.locator("h1")).to_have_text("Deze link klopt niet")
    assert_accessible(participant, f"invitation refused {language} {viewport['width']}px")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_poll_results_and_actions_are_readable(new_page, viewport):
    member = new_page(viewport=viewport, user="lid")
    member.goto(SPACE + "peilingen/")
    closed = member.locator("section", has=member.locator("#polls-closed")).locator("a").first
    closed.click()
    results = member.locator(".poll-results")
    expect(results).to_contain_text("Uitslag")
    expect(results.locator("meter").first).to_be_visible()
    assert_accessible(member, f"poll results {viewport['width']}px")
    if viewport == DESKTOP:
        screenshot(member, "poll-results-desktop")

    member.goto(SPACE + "acties/")
    expect(member.locator("h1")).to_contain_text("cties")
    expect(member.locator("main")).to_contain_text("te laat")
    assert_accessible(member, f"actions {viewport['width']}px")
    if viewport == DESKTOP:
        screenshot(member, "actions-desktop")
    else:
        screenshot(member, "actions-phone")
