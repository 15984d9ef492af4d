from django import template

from sso import providers

register = template.Library()


@register.inclusion_tag("sso/buttons.html")
def sso_buttons(next_url=""):
    """A button per configured provider, for the login page."""
    return {"providers": providers.configured(), "next": next_url}
