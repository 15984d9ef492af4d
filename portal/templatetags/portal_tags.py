"""Template tags used by the base template and the components.

The site navigation (start page, main menu, breadcrumbs, language links) is the same
for every visitor of the same audience (``portal.privacy.audience``): it is computed
once per audience and content version (``portal.cache.versioned``) and shared between
requests, so a page pays no query for it once the cache is warm.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from portal import requestcache
from portal.cache import versioned
from portal.languages import locale_codes
from portal.privacy import audience, viewable_pages

register = template.Library()

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def language_of(page):
    """The language code of a page, without a query for its locale."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
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

        key = ("nav:translations", request.get_host(), page.pk, audience(request.user))
        for code, url in versioned(key, translations):
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


def start_page(code):
    """The live start page in language ``code`` (falls back to the default one), read
    once per request: the home link and the menu both need it when their kept values
    are computed again."""

    def compute():
        return (
            Page.objects.filter(depth=2, locale__language_code=code).live().first()
            or Page.objects.filter(depth=2, locale__language_code=settings.LANGUAGE_CODE)
            .live()
            .first()
        )

    return requestcache.memo(("nav:start-page", code), compute)


def _host(request):
    return request.get_host() if request is not None else ""


@register.simple_tag(takes_context=True)
def home_url(context):
    """The start page in the current language (falls back to the default one)."""
    code = page_language(context)
    request = context.get("request")

    def compute():
        home = start_page(code)
        return home.get_url(request) if home else "/"

    return versioned(("nav:home-url", _host(request), code), compute)


def menu_sections(request, code):
    """The start page's children (in language ``code``) that are in the menu and that
    this visitor may open: title, URL, path and description of each, read once per
    language, audience and content version. The main menu and the start page's list of
    sections both show them."""

    def compute():
        home = start_page(code)
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

    return versioned(("nav:menu", _host(request), code, audience(request.user)), compute)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Sections shown in the main navigation (``menu_sections``)."""
    return menu_sections(context["request"], page_language(context))


@register.simple_tag(takes_context=True)
def breadcrumb_items(context, page):
    """Title and URL of the ancestors of ``page`` below the root and the start page's
    parent (the start page itself comes first)."""
    request = context.get("request")

    def compute():
        return [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in page.get_ancestors()[1:]
        ]

    if not page.pk or getattr(request, "is_preview", False):
        # A preview of a page not saved yet has no key of its own.
        return compute()
    return versioned(("nav:crumbs", _host(request), page.pk), compute)


@register.simple_tag(takes_context=True)
def admin_userbar(context, position="bottom-right"):
    """Wagtail's user bar, only asked for people who may open the admin
    (``portal.roles.may_open_admin``): every other logged-in visitor would pay
    Django's two permission queries on every page."""
    from portal.roles import may_open_admin

    request = context.get("request")
    if not may_open_admin(getattr(request, "user", None)):
        return ""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    return wagtailuserbar(context, position)


class AudienceCacheNode(template.Node):
    def __init__(self, nodelist, name, page):
        self.nodelist = nodelist
        self.name = name
        self.page = page

    def render(self, context):
        from portal.roles import may_have_page_permissions

        request = context.get("request")
        page = self.page.resolve(context)
        user = getattr(request, "user", None)
        if (
            request is None
            or not isinstance(page, Page)
            or not page.pk
            or getattr(request, "is_preview", False)
            or may_have_page_permissions(user)
        ):
            return self.nodelist.render(context)
        key = (
            "fragment",
            self.name,
            request.get_host(),
            page.pk,
            audience(user),
            translation.get_language(),
            bool(context.get("show_easy_read")),
        )
        return mark_safe(versioned(key, lambda: self.nodelist.render(context)))  # noqa: S308 - our own rendered template output


@register.tag
def audience_cache(parser, token):
    """``{% audience_cache "name" page %}…{% endaudience_cache %}``: the enclosed part
    of a page's template, rendered once per page, audience (``portal.privacy``),
    language and easy-read choice, and kept until the content changes
    (``portal.cache.versioned``).

    Only for parts that show nothing of the visitor beyond what their audience decides:
    no names, no forms (a CSRF token would be shared), no messages, and nothing read
    from the query string. People who may edit pages (whose parts may show editors'
    notices about a page they own) always get a fresh rendering, as do previews."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('{% audience_cache "name" page %} takes two arguments')
    nodelist = parser.parse(("endaudience_cache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return AudienceCacheNode(nodelist, name, parser.compile_filter(bits[2]))
