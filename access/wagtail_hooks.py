"""Serving hooks of the access rules."""

from wagtail import hooks

from access.privacy import read_groups


@hooks.register("before_serve_page")
def read_groups_once(page, request, serve_args, serve_kwargs):
    """Read a member's groups once, before the view restrictions are checked: Wagtail's
    check (``accept_request``) then finds them on the user instead of asking again
    for every restriction (``access.privacy.read_groups``)."""
    read_groups(request)
    return None
