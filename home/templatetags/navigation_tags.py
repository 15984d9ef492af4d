"""The site navigation: start page, main menu, breadcrumbs, language links.

What the navigation shows depends on the content and on what the visitor may see:
the menu and the language links are kept per audience (``core.cache.kept_for_audience``),
the home link and the breadcrumbs (pages the visitor is on or above) per content version.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page

from access.privacy import request_audience, viewable_pages
from core.cache import kept_for_audience, versioned
from core.languages import locale_codes
from core.templatetags.core_tags import page_language

register = template.Library()


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

        def translations():
            found = viewable_pages(
                request.user, page.get_translations(inclusive=True).live()
            ).select_related("locale")
            return [
                (translation_page.locale.language_code, translation_page.get_url(request))
                for translation_page in found
            ]

        kept = kept_for_audience(
            "nav:translations",
            request_audience(request),
            translations,
            key=(request.get_host(), page.pk),
        )
        for code, url in kept:
            if code in names:
                links.append(
                    {"code": code, "name": names[code], "url": url, "current": code == current}
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


def start_page(code, below=None):
    """The live start page in language ``code`` (falls back to the default one), kept
    per content version: the home link and the menu both need it. ``below``: the page
    being shown, whose top ancestor is that start page when it is in language
    ``code`` (found without a query for a page served by Wagtail's routing)."""

    def compute():
        return (
            _top_of(below, code)
            or Page.objects.filter(depth=2, locale__language_code=code).live().first()
            or Page.objects.filter(depth=2, locale__language_code=settings.LANGUAGE_CODE)
            .live()
            .first()
        )

    return versioned(("nav:start-page", code), compute)


def _top_of(page, code):
    if not isinstance(page, Page) or not page.pk or page.depth < 2:
        return None
    top = page
    while top is not None and top.depth > 2:
        top = top.get_parent()
    if top is None or not top.live or locale_codes().get(top.locale_id) != code:
        return None
    return top


def _host(request):
    return request.get_host() if request is not None else ""


@register.simple_tag(takes_context=True)
def home_url(context):
    """The start page in the current language (falls back to the default one)."""
    code = page_language(context)
    request = context.get("request")

    def compute():
        home = start_page(code, context.get("page"))
        return home.get_url(request) if home else "/"

    return versioned(("nav:home-url", _host(request), code), compute)


def menu_sections(request, code, page=None):
    """The start page's children (in language ``code``) that are in the menu and that
    this visitor may open: title, URL, path and description of each, kept per
    language and audience. The main menu and the start page's list of sections both
    show them."""

    def compute():
        home = start_page(code, page)
        if not home:
            return []
        sections = viewable_pages(request.user, home.get_children().live().in_menu())
        return [
            {
                "title": section.title,
                "url": section.get_url(request),
                "path": section.path,
                "search_description": section.search_description,
            }
            for section in sections.order_by("path")
        ]

    return kept_for_audience(
        "nav:menu", request_audience(request), compute, key=(_host(request), code)
    )


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Sections shown in the main navigation (``menu_sections``)."""
    return menu_sections(context["request"], page_language(context), context.get("page"))


@register.simple_tag(takes_context=True)
def breadcrumb_items(context, page):
    """Title and URL of the ancestors of ``page`` below the root and the start page's
    parent (the start page itself comes first)."""
    request = context.get("request")

    def compute():
        # Walked up by parent: a page served by Wagtail's routing knows its parents
        # already (each page on the way passed itself to the next), so this reads
        # nothing; elsewhere it reads one page per level.
        ancestors = []
        parent = page.get_parent() if page.depth > 2 else None
        while parent is not None:
            ancestors.append(parent)
            parent = parent.get_parent() if parent.depth > 2 else None
        return [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in reversed(ancestors)
        ]

    if not page.pk or getattr(request, "is_preview", False):
        # A preview of a page not saved yet has no key of its own.
        return compute()
    return versioned(("nav:crumbs", _host(request), page.pk), compute)
