"""Template tags used by the base template and the components."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page

from portal.privacy import viewable_pages

register = template.Library()

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


@register.simple_tag(takes_context=True)
def page_language(context):
    """The language of the page being shown (a Wagtail page) or of the request."""
    page = context.get("page")
    if isinstance(page, Page):
        return page.locale.language_code
    return translation.get_language() or settings.LANGUAGE_CODE


@register.filter
def text_direction(language_code):
    return "rtl" if (language_code or "").split("-")[0] in RTL_LANGUAGES else "ltr"


@register.simple_tag(takes_context=True)
def language_links(context):
    """Languages offered by the switcher: for a Wagtail page only the languages it
    exists in (and the visitor may open); elsewhere every language of the portal."""
    request = context["request"]
    page = context.get("page")
    names = dict(settings.LANGUAGES)
    current = page_language(context)
    links = []
    if isinstance(page, Page) and page.pk:
        translations = viewable_pages(
            request.user, page.get_translations(inclusive=True).live()
        ).select_related("locale")
        for translation_page in translations:
            code = translation_page.locale.language_code
            if code in names:
                links.append(
                    {
                        "code": code,
                        "name": names[code],
                        "url": translation_page.get_url(request),
                        "current": code == current,
                    }
                )
        order = [code for code, _ in settings.LANGUAGES]
        links.sort(key=lambda link: order.index(link["code"]))
    else:
        path = request.get_full_path()
        for code, name in settings.LANGUAGES:
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(path, code),
                    "current": code == current,
                }
            )
    return links


@register.simple_tag(takes_context=True)
def home_url(context):
    """The start page in the current language (falls back to the default one)."""
    code = page_language(context)
    home = (
        Page.objects.filter(depth=2, locale__language_code=code).live().first()
        or Page.objects.filter(depth=2, locale=Locale.get_default()).live().first()
    )
    request = context.get("request")
    return home.get_url(request) if home else "/"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Sections shown in the main navigation: the start page's children that are
    in the menu and that this visitor may open."""
    request = context["request"]
    code = page_language(context)
    home = (
        Page.objects.filter(depth=2, locale__language_code=code).live().first()
        or Page.objects.filter(depth=2, locale=Locale.get_default()).live().first()
    )
    if not home:
        return []
    return list(viewable_pages(request.user, home.get_children().live().in_menu()).order_by("path"))
