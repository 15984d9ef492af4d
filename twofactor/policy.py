"""Who must take the second step, and what they get when they have not.

When ``PORTAL_REQUIRE_2FA`` is on, a signed-in person who has not passed the second
step in this session is stopped at the edge (``twofactor.middleware``: every address
but signing in and out and the second step itself) when they either

- must use a second factor: superusers and the roles Netwerkcoördinator, Redacteur
  and Vertaler, anyone who may open the admin, and anyone a ``twofactor_required``
  hook says must (``werkgroepen`` registers one for the leads of a space); or
- set one up themselves (then it protects them too).

Without a device yet they go to the set-up page instead. A request that is not a
plain page view (not GET/HEAD, JSON, HTMX) gets a short 403 text: a redirect would
be followed by a script, not by the person.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device
from wagtail import hooks

from access.roles import COORDINATOR, REDACTEUR, VERTALER, may_open_admin

# A Wagtail hook: ``fn(user)`` returns True when ``user`` must use a second factor.
REQUIRED_HOOK = "twofactor_required"

MUST_ROLES = frozenset({COORDINATOR, REDACTEUR, VERTALER})
# How long a verification counts as fresh, for removing a device.
FRESH_SECONDS = 10 * 60
# Set in a session whose person had no device when it was checked: nothing to take a
# second step with, so the device tables are not asked again on every request. Each
# sign-in clears it (``clear_device_memo``), and so checks again.
NO_DEVICE = "twofactor_no_device"
VERIFIED_AT = "twofactor_verified_at"


def enforced():
    return bool(getattr(settings, "PORTAL_REQUIRE_2FA", False))


def must_use_second_factor(user):
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if MUST_ROLES.intersection(group.name for group in user.groups.all()):
        return True
    if may_open_admin(user):
        return True
    return any(fn(user) for fn in hooks.get_hooks(REQUIRED_HOOK))


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def mark_fresh(request):
    request.session[VERIFIED_AT] = int(time.time())


def is_fresh(request):
    if not is_verified(request.user):
        return False
    verified_at = request.session.get(VERIFIED_AT)
    return isinstance(verified_at, int) and time.time() - verified_at < FRESH_SECONDS


def _wants_page(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.headers.get("HX-Request"):
        return False
    accept = request.headers.get("Accept", "")
    return not ("application/json" in accept and "text/html" not in accept)


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def needs_second_step(request):
    """Whether this request must wait for the second step (cheap checks first)."""
    if not enforced():
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_verified(user):
        return False
    return must_use_second_factor(user) or _has_device(request)


def _has_device(request):
    session = getattr(request, "session", None)
    if session is not None and session.get(NO_DEVICE):
        return False
    found = user_has_device(request.user)
    if not found and session is not None:
        session[NO_DEVICE] = True
    return found


def clear_device_memo(sender, request, user, **kwargs):
    """Django's ``user_logged_in`` signal: a new sign-in looks at the devices afresh."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(NO_DEVICE, None)


def second_step_response(request):
    """The answer for a request that waits for the second step: a redirect to it (or to
    the set-up page), or a 403 for scripts."""
    if not _wants_page(request):
        return HttpResponseForbidden(
            _("Eerst de tweede stap bij het aanmelden, daarna kan dit."),
            content_type="text/plain; charset=utf-8",
        )
    target = "twofactor:verify" if user_has_device(request.user) else "twofactor:security"
    return redirect(with_next(reverse(target), request.get_full_path()))


def guard(request, protected):
    """None when the request may go on, else the answer. ``protected`` is called only
    when the visitor would have to take the step."""
    if needs_second_step(request) and protected():
        return second_step_response(request)
    return None
