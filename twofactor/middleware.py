"""The edge: a person who must take the second step reaches nothing else before it.

Once signed in, a coordinator, editor or lead (or anyone who set up a device) who has
not taken the second step in this session gets the second step for every address but
the few listed here: signing in and out, a forgotten password, the second step itself
(with its passkey views), a participant's invitation link, a provider's sign-in and
logout calls, and the translations the pages' scripts load. Guarding every view, not
only spaces and documents, keeps what a space holds out of search results, the start
page's panels, feeds and the admin as well: a password alone opens nothing private.
"""

from twofactor.policy import guard

OPEN_NAMESPACES = frozenset({"twofactor", "otp_webauthn"})
# URL names (or their beginnings) that stay open.
OPEN_NAMES = (
    "login",
    "logout",
    "password_reset",
    "javascript-catalog",
    "sso_",
    "invitation",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
)


def is_open(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if OPEN_NAMESPACES.intersection(match.namespaces):
        return True
    return (match.url_name or "").startswith(OPEN_NAMES)


class SecondStepMiddleware:
    """Place after django-otp's OTPMiddleware (it needs ``user.is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return guard(request, lambda: not is_open(request))
