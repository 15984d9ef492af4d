"""Passkeys through django-otp-webauthn's own views, subclassed where the portal needs
more: a new passkey is written to the access log and, as the first factor, gets
recovery codes; a passkey used for the second step counts as a fresh verification.

``urlpatterns`` replaces the package's ``django_otp_webauthn.urls`` (same names, same
namespace ``otp_webauthn``), so its template tags and JavaScript find these views.
"""

import json

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views

from twofactor import accesslog, devices
from twofactor.policy import is_verified, mark_fresh, with_next
from twofactor.views import NEW_CODES

app_name = "otp_webauthn"


class CompleteRegistrationView(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        request = self.request
        user = request.user
        was_verified = is_verified(user)
        response = super().post(*args, **kwargs)
        if response.status_code != 200:
            return response
        data = json.loads(response.content)
        accesslog.device_added(user, user, "passkey")
        if not was_verified:
            mark_fresh(request)
        data["next"] = reverse("twofactor:passkeys")
        if devices.recovery_device(user) is None:
            request.session[NEW_CODES] = devices.make_recovery_codes(user)
            accesslog.recovery_codes_made(user, user)
            data["next"] = with_next(reverse("twofactor:recovery"), request.GET.get("next", ""))
        return JsonResponse(data)


class CompleteAuthenticationView(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        mark_fresh(self.request)


urlpatterns = [
    path(
        "registration/begin/",
        webauthn_views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
