"""Wagtail hooks of the second factor: the access log's actions and the coordinator's
reset in the admin (the guard itself is a middleware: ``twofactor.middleware``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from access.roles import is_coordinator
from twofactor import accesslog
from twofactor.admin_views import ResetView

hooks.register("register_log_actions", accesslog.register_actions)


@hooks.register("register_admin_urls")
def reset_urls():
    return [
        path("tweede-stap/herstellen/<int:user_id>/", ResetView.as_view(), name="twofactor_reset"),
    ]


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    if not is_coordinator(request_user):
        return []
    return [
        Button(
            _("Tweede stap herstellen"),
            reverse("twofactor_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]
