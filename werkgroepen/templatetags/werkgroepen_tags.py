"""Template tags of the working groups."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """The address of one of a space's (or meeting's) own routes, e.g.
    ``{% subpage_url space "document_detail" document.pk %}``. Like Wagtail's
    ``routablepageurl``, without needing the routable_page app installed."""
    request = context.get("request")
    base = page.get_url(request) or ""
    return base + page.reverse_subpage(name, args=args or None)
