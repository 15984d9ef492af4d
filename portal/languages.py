"""Content languages: make sure a Wagtail Locale exists for each configured language."""

from django.conf import settings


def ensure_locales():
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
