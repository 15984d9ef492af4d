"""The access log's actions, the built-in sections, and the coordinator's views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from access.roles import is_coordinator

from . import accesslog, admin_views
from .hooks import SECTIONS_HOOK
from .sections import account_sections

hooks.register("register_log_actions", accesslog.register_actions)
# The account first, then what each app keeps.
hooks.register(SECTIONS_HOOK, account_sections, order=-100)


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("persoonsgegevens/", admin_views.choose, name="personaldata_choose"),
        path(
            "persoonsgegevens/account/<int:user_id>/",
            admin_views.account,
            name="personaldata_account",
        ),
        path(
            "persoonsgegevens/account/<int:user_id>/download/",
            admin_views.account_download,
            name="personaldata_account_download",
        ),
        path(
            "persoonsgegevens/account/<int:user_id>/wissen/",
            admin_views.account_erase,
            name="personaldata_account_erase",
        ),
        path(
            "persoonsgegevens/deelnemer/", admin_views.participant, name="personaldata_participant"
        ),
        path(
            "persoonsgegevens/deelnemer/download/",
            admin_views.participant_download,
            name="personaldata_participant_download",
        ),
        path(
            "persoonsgegevens/deelnemer/wissen/",
            admin_views.participant_erase,
            name="personaldata_participant_erase",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_settings_menu_item")
def personal_data_menu_item():
    return CoordinatorMenuItem(
        _("Persoonsgegevens"),
        reverse("personaldata_choose"),
        name="personal-data",
        icon_name="user",
        order=900,
    )
