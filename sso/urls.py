from django.urls import path

from . import views


def urls():
    """Inside the language prefix: the button's link."""
    return [path("accounts/sso/<slug:name>/", views.start, name="sso_start")]


def callback_urls():
    """Outside the language prefix: the redirect URL and the back-channel logout URL
    registered at the provider."""
    return [
        path("accounts/sso/<slug:name>/callback/", views.callback, name="sso_callback"),
        path(
            "accounts/sso/<slug:name>/backchannel-logout/",
            views.backchannel_logout,
            name="sso_backchannel_logout",
        ),
    ]
