"""Template tags that depend on who is looking: Wagtail's user bar for people who may
edit, and parts of a page kept per audience."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page

from access.privacy import request_audience
from access.roles import may_have_page_permissions, may_open_admin
from core.cache import kept_for_audience

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_userbar(context, position="bottom-right"):
    """Wagtail's user bar, only asked for people who may open the admin
    (``access.roles.may_open_admin``): every other logged-in visitor would pay
    Django's two permission queries on every page."""
    request = context.get("request")
    if not may_open_admin(getattr(request, "user", None)):
        return ""

    return wagtailuserbar(context, position)


class AudienceCacheNode(template.Node):
    def __init__(self, nodelist, name, page):
        self.nodelist = nodelist
        self.name = name
        self.page = page

    def render(self, context):
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
            request.get_host(),
            page.pk,
            translation.get_language(),
            bool(context.get("show_easy_read")),
        )
        html = kept_for_audience(
            f"fragment:{self.name}",
            request_audience(request),
            lambda: self.nodelist.render(context),
            key=key,
        )
        return mark_safe(html)  # noqa: S308 - our own rendered template output


@register.tag
def audience_cache(parser, token):
    """``{% audience_cache "name" page %}…{% endaudience_cache %}``: the enclosed part
    of a page's template, rendered once per page, audience (``access.privacy``),
    language and easy-read choice, and kept until the content changes
    (``core.cache.kept_for_audience``).

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
