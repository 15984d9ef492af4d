"""The machine translator comes from the environment; without one the admin says so."""

import pytest
from wagtail_localize.machine_translators import get_machine_translator

from portal.settings.base import machine_translator_settings
from translations.status import machine_translator_status


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_deepl_with_key(clean_env):
    clean_env.setenv("DEEPL_API_KEY", "abc:fx")
    config = machine_translator_settings("deepl")
    assert config["CLASS"] == "wagtail_localize.machine_translators.deepl.DeepLTranslator"
    assert config["OPTIONS"]["AUTH_KEY"] == "abc:fx"


def test_libretranslate_with_address_and_key(clean_env):
    clean_env.setenv("LIBRETRANSLATE_URL", "https://vertaal.example/")
    clean_env.setenv("LIBRETRANSLATE_API_KEY", "sleutel")
    config = machine_translator_settings("LibreTranslate")
    assert config["CLASS"].endswith("libretranslate.LibreTranslator")
    assert config["OPTIONS"]["LIBRETRANSLATE_URL"] == "https://vertaal.example"
    assert config["OPTIONS"]["API_KEY"] == "sleutel"


@pytest.mark.parametrize("name", ["", "deepl", "libretranslate", "google-ish"])
def test_missing_or_unknown_configuration_means_no_translator(clean_env, name):
    assert machine_translator_settings(name) is None


def test_dummy_needs_nothing(clean_env):
    assert machine_translator_settings("dummy")["CLASS"].endswith("dummy.DummyTranslator")


def test_status_names_the_configured_translator(settings):
    status = machine_translator_status()
    assert status["configured"] is True
    assert status["problem"] is None
    assert get_machine_translator() is not None


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [("", "MACHINE_TRANSLATOR"), ("deepl", "DEEPL_API_KEY"), ("bing", "bing")],
)
def test_status_explains_what_is_missing(settings, chosen, expected):
    settings.MACHINE_TRANSLATOR = chosen
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    status = machine_translator_status()
    assert status["configured"] is False
    assert expected in str(status["problem"])


def test_dashboard_and_translation_editor_show_the_notice_without_translator(
    settings, client_for, coordinator, home_page, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import StringTranslation, Translation

    settings.MACHINE_TRANSLATOR = ""
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    client = client_for(coordinator)
    html = client.get("/admin/").content.decode()
    assert "Automatisch vertalen staat uit" in html

    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/localize/submit/page/{home_page.pk}/", {"locales": [french.pk]})
    translation = Translation.objects.get(target_locale=french)
    translated = home_page.get_translation(french)
    response = client.get(f"/admin/pages/{translated.pk}/edit/")
    assert response.status_code == 200
    assert "Automatisch vertalen staat uit" in response.content.decode()
    # The machine-translate address answers "not found" rather than failing.
    response = client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
    assert response.status_code in (302, 404)
    assert not StringTranslation.objects.filter(translation_type="machine").exists()


def test_dashboard_is_quiet_when_a_translator_is_configured(client_for, coordinator, home_page):
    assert (
        "Automatisch vertalen staat uit"
        not in client_for(coordinator).get("/admin/").content.decode()
    )
