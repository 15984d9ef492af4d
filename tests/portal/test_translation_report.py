"""The report "Vertalingen per taal": state per language, filters, and privacy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.factories import UserFactory
from translations.status import annotate_translation_states, source_pages, target_locales

URL = "/admin/rapporten/vertalingen/"


@pytest.fixture
def tree(home_page, django_capture_on_commit_callbacks):
    """Home translated (and up to date) in French, an easy-read page in French out of
    date, nothing in English."""
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        section = EasyReadIndexPageFactory(parent=home_page)
        page = EasyReadPageFactory(parent=section, title="Gratis zwemmen")
        for source in (home_page, section, page):
            translated = source.copy_for_translation(french)
            translated.save_revision().publish()
        page.title = "Gratis zwemmen en sporten"
        page.save_revision().publish()
    return {"home": home_page, "section": section, "page": page}


def _row(html, title):
    return html.split(title)[1].split("</tr>")[0]


def test_report_shows_state_per_language(client_for, coordinator, tree):
    html = client_for(coordinator).get(URL).content.decode()
    assert "Vertalingen per taal" in html
    home_row = _row(html, tree["home"].title)
    assert home_row.count("portal-state--current") == 1  # French
    assert "portal-state--missing" in home_row  # English, Arabic, …
    page_row = _row(html, "Gratis zwemmen en sporten")
    assert "portal-state--outdated" in page_row


def test_filter_by_language_and_state(client_for, coordinator, tree):
    client = client_for(coordinator)
    html = client.get(URL, {"language": "fr", "state": "outdated"}).content.decode()
    assert "Gratis zwemmen en sporten" in html
    assert tree["home"].title not in html.split("<tbody>")[1]
    table = html.split("portal-translation-report")[1].split("</table>")[0]
    assert table.count('<th scope="col"') == 2  # the page and French only


def test_bad_filter_values_do_not_break_the_report(client_for, coordinator, tree):
    response = client_for(coordinator).get(URL, {"language": "xx", "state": "<b>"})
    assert response.status_code == 200


def test_translator_sees_only_pages_they_may_explore(client_for, role_groups, tree):
    from access.roles import ensure_roles

    ensure_roles()
    translator = UserFactory(username="vertaler-r", groups=["Vertaler"])
    html = client_for(translator).get(URL).content.decode()
    assert "Gratis zwemmen en sporten" in html  # under an editorial section
    assert f">{tree['home'].title}<" not in html  # the start page is not theirs


def test_states_take_a_fixed_number_of_queries(tree, home_page):
    for number in range(5):
        EasyReadPageFactory(parent=tree["section"], title=f"Extra {number}")
    pages = annotate_translation_states(source_pages(), target_locales())
    with CaptureQueriesContext(connection) as queries:
        rows = list(pages.values_list("title", "state_fr", "state_ar"))
    assert len(queries) == 1
    assert len(rows) == 8
