from django.urls import include, path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.SecurityView.as_view(), name="security"),
    path("tweede-stap/", views.VerifyView.as_view(), name="verify"),
    path("app/", views.AppSetupView.as_view(), name="app"),
    path("toegangssleutels/", views.PasskeysView.as_view(), name="passkeys"),
    path("herstelcodes/", views.RecoveryCodesView.as_view(), name="recovery"),
    path(
        "verwijderen/<slug:kind>/<int:pk>/",
        views.RemoveDeviceView.as_view(),
        name="remove",
    ),
]


def urls():
    """For ``portal.urls``, inside the language prefix: the pages, and the passkey
    views under the namespace django-otp-webauthn's template tags reverse."""
    return [
        path("accounts/beveiliging/", include((urlpatterns, app_name))),
        path("accounts/beveiliging/webauthn/", include("twofactor.webauthn")),
    ]
