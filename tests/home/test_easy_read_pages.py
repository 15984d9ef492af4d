"""Easy-read pages, the easy-read switch, glossary explanations and read-aloud."""

import pytest
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import EasyReadIndexPage, EasyReadPage
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.easyread_factories import GlossaryTermFactory


@pytest.fixture
def easy_section(home_page):
    return EasyReadIndexPageFactory(parent=home_page)


def test_factories_build_the_easy_read_section(easy_section):
    page = EasyReadPageFactory(parent=easy_section)
    assert isinstance(easy_section, EasyReadIndexPage)
    assert isinstance(page, EasyReadPage)
    assert page.get_parent().pk == easy_section.pk
    assert page.body[0].block_type == "paragraph"


def test_easy_read_pages_live_only_in_their_section(home_page, easy_section):
    assert EasyReadIndexPage.can_create_at(home_page) is False  # one section per start page
    assert EasyReadPage.can_create_at(easy_section)
    assert not EasyReadPage.can_create_at(home_page)
    assert EasyReadIndexPage.editorial_root is True


def test_index_lists_its_pages_and_page_shows_easy_read_body(client, easy_section):
    page = EasyReadPageFactory(parent=easy_section, title="Hulp bij je huur")
    html = client.get(easy_section.url).content.decode()
    assert "Hulp bij je huur" in html
    html = client.get(page.url).content.decode()
    assert "Kan je je rekeningen niet betalen?" in html
    assert '<ol class="steps__list"><li>Bel ons.</li>' in html
    assert "data-read-aloud-source" in html


def test_index_hides_restricted_pages_from_anonymous_visitors(
    client, easy_section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        EasyReadPageFactory(parent=easy_section, title="Voor partners", audience="partners")
    EasyReadPageFactory(parent=easy_section, title="Voor iedereen")
    html = client.get(easy_section.url).content.decode()
    assert "Voor iedereen" in html
    assert "Voor partners" not in html


def _home_with_easy_read(home_page):
    home_page.body = [("paragraph", "<p>Het netwerk werkt samen met veertig partners.</p>")]
    home_page.easy_read = [("paragraph", {"text": "Wij helpen gezinnen met weinig geld."})]
    home_page.save_revision().publish()
    return home_page


def test_switch_shows_easy_read_version_and_remembers_it_without_javascript(client, home_page):
    _home_with_easy_read(home_page)
    html = client.get("/nl/").content.decode()
    assert "veertig partners" in html
    assert 'href="?eenvoudig=1"' in html

    response = client.get("/nl/?eenvoudig=1")
    html = response.content.decode()
    assert "Wij helpen gezinnen met weinig geld." in html
    assert "veertig partners" not in html
    assert response.cookies["portal_easy_read"].value == "1"
    assert "Cookie" in response["Vary"]
    assert 'href="?eenvoudig=1" aria-current="true"' in html

    # The next page view, without the query string, still shows the easy-read version.
    html = client.get("/nl/").content.decode()
    assert "Wij helpen gezinnen met weinig geld." in html

    response = client.get("/nl/?eenvoudig=0")
    assert response.cookies["portal_easy_read"].value == "0"
    assert "veertig partners" in response.content.decode()


def test_no_switch_on_a_page_without_easy_read_version(client, home_page):
    html = client.get("/nl/?eenvoudig=1").content.decode()
    assert "easy-read-toggle" not in html
    assert "Samen tegen armoede bij gezinnen." in html


def test_read_aloud_controls_are_hidden_until_a_voice_is_found(client, home_page):
    html = client.get("/nl/").content.decode()
    assert 'data-read-aloud data-lang="nl"' in html
    controls = html.split("data-read-aloud data-lang")[1].split(">")[0]
    assert "hidden" in controls
    assert "portal/js/read-aloud.js" in html


def test_glossary_word_is_explained_in_place_once(client, home_page):
    GlossaryTermFactory(
        term="leefloon",
        variants="leeflonen",
        explanation="Geld van het OCMW als je geen ander inkomen hebt.",
    )
    home_page.body = [
        ("paragraph", "<p>Het leefloon is een recht. Leeflonen stijgen. Een leefloon helpt.</p>")
    ]
    home_page.save_revision().publish()
    html = client.get("/nl/").content.decode()
    assert html.count('class="glossary"') == 1
    assert '<dfn class="glossary__term">leefloon</dfn>' in html
    assert "Geld van het OCMW als je geen ander inkomen hebt." in html
    assert "portal/js/easy-read.js" in html


def test_glossary_of_another_language_is_not_used(client, home_page):
    GlossaryTermFactory(
        term="leefloon",
        explanation="Revenu d'intégration.",
        locale=Locale.objects.get(language_code="fr"),
    )
    home_page.body = [("paragraph", "<p>Het leefloon is een recht.</p>")]
    home_page.save_revision().publish()
    assert 'class="glossary"' not in client.get("/nl/").content.decode()


def test_editor_sees_notice_when_easy_read_version_is_older(
    client_for, client, coordinator, home_page
):
    _home_with_easy_read(home_page)
    home_page.refresh_from_db()
    home_page.body = [("paragraph", "<p>Nieuwe tekst over de werking.</p>")]
    home_page.save_revision().publish()
    home_page.refresh_from_db()
    assert home_page.easy_read_may_be_outdated

    assert "easy-read-notice" not in client.get("/nl/").content.decode()
    html = client_for(coordinator).get("/nl/").content.decode()
    assert "easy-read-notice" in html


def test_editor_can_create_an_easy_read_page_in_the_admin(client_for, coordinator, easy_section):
    client = client_for(coordinator)
    url = f"/admin/pages/add/home/easyreadpage/{easy_section.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Gratis naar de sportclub",
            "slug": "sportclub",
            "summary": "Je kind kan gratis sporten.",
            "body": streamfield([("paragraph", {"text": "Je kind kan gratis sporten."})]),
            "easy_read": streamfield([]),
            "audience": "public",
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EasyReadPage.objects.get(slug="sportclub")
    assert page.live
    assert page.content_updated_at is not None


def test_page_editor_has_readability_panels(client_for, coordinator, home_page):
    html = client_for(coordinator).get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert html.count("data-readability-panel") == 2
    assert 'data-target="easy"' in html
    assert "/admin/leesbaarheid/" in html
    assert "portal/js/readability-panel.js" in html
