"""The edge of the admin: nothing in /admin/ before the second step.

Pages (spaces and their routes) and documents are guarded by Wagtail's serve hooks
(``twofactor.wagtail_hooks``); the admin has no such hook, so this middleware looks
at the resolved view. The admin's own login, logout and password reset stay open.
"""

from functools import cache

from django.urls import reverse

from twofactor.policy import guard

ADMIN_OPEN = ("wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset")


@cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


def _is_admin_view(request):
    if not request.path_info.startswith(_admin_prefix()):
        return False
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    return not name.startswith(ADMIN_OPEN)


class SecondStepMiddleware:
    """Place after django-otp's OTPMiddleware (it needs ``user.is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return guard(request, lambda: _is_admin_view(request))
