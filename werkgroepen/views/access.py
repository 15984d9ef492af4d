"""Access checks shared by the space's own views.

The space's routes are only reached through Wagtail's page serving, which already
applied the space's view restriction; these checks repeat it (a route must never be
the one place that forgot) and add what only leads may do. Every response of these
views is private: never stored by a shared cache.
"""

from functools import wraps

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control


def private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def forbidden(request, page, lead_only=False):
    """The refusal a logged-in visitor gets (instead of Wagtail's login redirect, which
    would loop for someone already logged in)."""
    response = render(
        request,
        "werkgroepen/forbidden.html",
        {"page": page, "lead_only": lead_only},
        status=403,
    )
    return private(response)


def space_view(lead_only=False):
    """Decorate ``view(request, space, *args)``: members (or leads) only, private."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, space, *args, **kwargs):
            if not space.can_view(request.user):
                return forbidden(request, space)
            if lead_only and not space.can_manage(request.user):
                return forbidden(request, space, lead_only=True)
            return private(view(request, space, *args, **kwargs))

        return wrapper

    return decorator
