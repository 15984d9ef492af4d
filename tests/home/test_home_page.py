import pytest
from django.conf import settings
from wagtail.models import Locale

from home.models import HomePage
from tests.home.factories import HomePageFactory

RTL = {"ar"}


def test_factory_builds_a_live_home_page_as_site_root(home_page):
    assert isinstance(home_page, HomePage)
    assert home_page.live
    assert home_page.get_site().root_page_id == home_page.pk


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_home_page_renders_in_every_language_with_lang_and_dir(client, home_page, code):
    if code == settings.LANGUAGE_CODE:
        page = home_page
    else:
        page = home_page.copy_for_translation(Locale.objects.get(language_code=code))
        page.title = f"Start ({code})"
        page.save_revision().publish()
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    expected_dir = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{expected_dir}"' in html
    assert page.title in html


def test_root_redirects_to_the_visitors_language(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="")
    assert response["Location"] == "/nl/"


def test_language_switcher_offers_only_existing_translations(client, home_page):
    french = home_page.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    html = client.get("/nl/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'hreflang="fr"' in switcher
    assert 'hreflang="ar"' not in switcher
    assert '<link rel="alternate" hreflang="fr"' in html


def test_unknown_language_prefix_gives_a_designed_404(client, home_page):
    response = client.get("/xx/iets/", follow=True)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert 'class="site-header"' in html


def test_base_template_has_skip_link_landmarks_and_search(client, home_page):
    html = client.get("/nl/").content.decode()
    assert '<a class="skip-link" href="#inhoud">' in html
    assert '<main id="inhoud"' in html
    assert 'role="search"' in html
    assert 'aria-label="Hoofdmenu"' in html
    assert "/nl/accounts/login/" in html


def test_logged_in_member_is_greeted_and_can_log_out(client_for, home_page, partner):
    html = client_for(partner).get("/nl/").content.decode()
    assert f"Welkom terug, {partner.first_name}" in html
    assert "Afmelden" in html


def test_second_home_page_in_same_locale_is_not_allowed(home_page):
    assert not HomePage.can_create_at(home_page)
    assert HomePageFactory._meta.model is HomePage


def test_wagtail_admin_speaks_dutch(client, home_page):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="nl"' in html
    assert "Inloggen" in html or "Aanmelden" in html


def test_home_page_offers_exactly_the_portal_sections():
    from wagtail.models import Page

    names = {model._meta.label for model in HomePage.allowed_subpage_models()}
    assert names == {
        "kennisbank.KennisbankIndexPage",
        "werkgroepen.WorkingGroupIndexPage",
        "werkgroepen.FeedbackPage",
        "home.EasyReadIndexPage",
    }
    assert Page not in HomePage.allowed_subpage_models()
