"""Template tags every template may use: the language and writing direction of a page."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from core.languages import locale_codes

register = template.Library()

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def language_of(page):
    """The language code of a page: from the map of locale codes, without a query; a
    locale added since the map was read is looked up on the page."""
    code = locale_codes().get(page.locale_id)
    return code if code is not None else page.locale.language_code


@register.simple_tag(takes_context=True)
def page_language(context):
    """The language of the page being shown (a Wagtail page) or of the request."""
    page = context.get("page")
    if isinstance(page, Page):
        return language_of(page)
    return translation.get_language() or settings.LANGUAGE_CODE


@register.filter
def text_direction(language_code):
    return "rtl" if (language_code or "").split("-")[0] in RTL_LANGUAGES else "ltr"
