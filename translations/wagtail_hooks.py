"""Admin and serving hooks of the translation flow.

- admin URLs: the translation report and sending a translation to review (checks in
  front of wagtail-localize's own views: ``translations.middleware``);
- the notice when no machine translator is configured;
- translations are reviewed before they go live when their page has a workflow;
- a translation is never served more openly than its source.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale, Page
from wagtail.wagtail_hooks import require_wagtail_login
from wagtail_localize.models import Translation

from core.languages import is_default_locale
from translations.reports import TranslationStateReportView
from translations.status import (
    machine_translator_status,
    review_workflow,
    reviewers_may_publish,
    submit_for_review,
)
from translations.views import review_translation_view


@hooks.register("register_admin_urls")
def portal_admin_urls():
    return [
        path(
            "rapporten/vertalingen/",
            TranslationStateReportView.as_view(),
            name="portal_translation_report",
        ),
        path(
            "rapporten/vertalingen/resultaten/",
            TranslationStateReportView.as_view(results_only=True),
            name="portal_translation_report_results",
        ),
        path(
            "vertalingen/<int:translation_id>/nalezen/",
            review_translation_view,
            name="portal_review_translation",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return MenuItem(
        gettext_lazy("Vertalingen per taal"),
        reverse("portal_translation_report"),
        name="portal-translations",
        icon_name="site",
        order=800,
    )


# --- Machine translation notice ---------------------------------------------------


class MachineTranslatorPanel(Component):
    name = "portal_machine_translator"
    template_name = "portal/admin/machine_translator_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        return {"machine_translator": machine_translator_status()}


@hooks.register("construct_homepage_panels")
def machine_translator_notice(request, panels):
    if (
        request.user.has_perm("wagtail_localize.submit_translation")
        and not machine_translator_status()["configured"]
    ):
        panels.append(MachineTranslatorPanel())


# --- Review before publishing translations ----------------------------------------


def _enabled_translation(page):
    if page.locale_id == Locale.get_default().pk:
        return None
    return Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).first()


@hooks.register("before_edit_page", order=-10)
def review_translation_instead_of_publishing(request, page):
    """Runs before wagtail-localize's translation editor.

    When the page's language has a review workflow, wagtail-localize's "Publish"
    button sends the translation to review for everybody who is not a reviewer.
    """
    translation = _enabled_translation(page)
    if translation is None:
        return None
    if request.method == "GET":
        status = machine_translator_status()
        if not status["configured"]:
            messages.warning(request, status["problem"])
        return None
    if request.POST.get("action") != "publish":
        return None
    specific = page.specific
    if reviewers_may_publish(request.user, specific):
        return None
    try:
        submit_for_review(translation, request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("De vertaling is ter nalezing ingediend. Na goedkeuring gaat ze live."),
        )
    return redirect(request.path)


def review_translation_buttons(page, user, view_name=None, next_url=None):
    translation = _enabled_translation(page)
    if translation is None or review_workflow(page) is None:
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Vertaling laten nalezen"),
        reverse("portal_review_translation", args=[translation.pk]),
        icon_name="tasks",
        priority=65,
    )


hooks.register("register_page_header_buttons", review_translation_buttons)
hooks.register("register_page_listing_more_buttons", review_translation_buttons)


# --- Serving: a translation is never more public than its source -----------------


@hooks.register("before_serve_page")
def translation_follows_source_restrictions(page, request, serve_args, serve_kwargs):
    """Check the source's view restrictions (its own and its ancestors') too.

    ``access.signals`` copies restrictions onto translations; this check covers the
    moments in between (a restriction changed without signals, a translation moved).
    """
    if is_default_locale(page.locale_id):
        return None
    default = Locale.get_default()
    source = Page.objects.filter(translation_key=page.translation_key, locale=default).first()
    if source is None:
        return None
    for restriction in source.get_view_restrictions():
        if not restriction.accept_request(request):
            response = require_wagtail_login(next=request.get_full_path())
            add_never_cache_headers(response)
            return response
    return None
