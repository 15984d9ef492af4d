"""Content languages: make sure a Wagtail Locale exists for each configured language."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale

from core.cache import versioned


def ensure_locales():
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def locale_codes():
    """{locale id: language code} of every locale, read once per content version."""

    return versioned(
        ("locale-codes",), lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )


def is_default_locale(locale_id):
    """True for the locale of the source language (``LANGUAGE_CODE``), without a query."""

    default = get_supported_language_variant(settings.LANGUAGE_CODE)
    return locale_codes().get(locale_id) == default
