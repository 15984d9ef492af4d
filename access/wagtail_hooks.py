"""Serving hooks of the access rules."""

from wagtail import hooks


@hooks.register("before_serve_page")
def read_groups_once(page, request, serve_args, serve_kwargs):
    """Read a member's groups once, before the view restrictions are checked: Wagtail's
    check (``accept_request``) then finds them on the user instead of asking again
    for every restriction (``access.privacy.group_ids``)."""
    from access.privacy import group_ids

    if request.user.is_authenticated:
        group_ids(request.user)
    return None
