"""Middleware of the access rules that is not about security headers or requests."""

from access.privacy import read_groups


class ReadGroupsMiddleware:
    """Read a member's groups once, at the start of the request (``read_groups``):
    the privacy filters, the audience of every kept value, the roles and Wagtail's own
    restriction check then find them on the request's user instead of asking again.

    Place after AuthenticationMiddleware (and after the anonymous page cache, whose
    hits need nothing of this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        read_groups(request)
        return self.get_response(request)
