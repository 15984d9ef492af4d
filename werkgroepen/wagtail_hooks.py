"""Wagtail hooks of the working groups: privacy guards, the home panel, the snippet."""

import time

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from access.privacy import (
    audience,
    can_view_page,
    group_ids,
    request_audience,
    viewable_documents,
    viewable_images,
    viewable_pages,
)
from access.roles import is_coordinator
from core.cache import kept_for_audience
from core.mail import MAIL_LANGUAGES_HOOK
from home.models import HOME_PANELS_HOOK
from personaldata import hooks as personaldata_hooks
from search.api import ATTACHED_TEXTS_HOOK
from twofactor.policy import REQUIRED_HOOK as TWOFACTOR_REQUIRED_HOOK
from werkgroepen import accesslog, comments, image_privacy, personal_data
from werkgroepen.accesslog_report import AccessLogMenuItem, AccessLogView
from werkgroepen.admin_forms import InputItemAdminForm
from werkgroepen.middleware import mark_private
from werkgroepen.models import ConsentText, InputItem, MeetingPage, WorkingGroupPage
from werkgroepen.models.members import chosen_mail_languages
from werkgroepen.retention_report import (
    RetentionReportMenuItem,
    RetentionReportView,
    SpacePrivacyViewSet,
)
from werkgroepen.views.access import forbidden
from werkgroepen.views.calendar import meetings_for


class InputItemViewSet(SnippetViewSet):
    model = InputItem
    edit_handler = ObjectList(InputItem.panels, base_form_class=InputItemAdminForm)


register_snippet(InputItemViewSet)


class ConsentTextViewSet(SnippetViewSet):
    """Consent texts; the records themselves have no admin screens (append-only)."""

    model = ConsentText
    icon = "doc-full"
    menu_label = _("Toestemmingsteksten")
    list_display = ["title", "purpose", "version", "is_published", "locale"]
    list_filter = ["purpose", "is_published"]


register_snippet(ConsentTextViewSet)


@hooks.register("before_delete_snippet")
def keep_agreed_consent_texts(request, instances):
    """A version someone agreed to stays: the records point at it."""
    if any(isinstance(item, ConsentText) and item.has_records() for item in instances):
        messages.error(
            request,
            _("Iemand gaf al toestemming met deze tekst. Hij blijft bewaard."),
        )
        return redirect(reverse("wagtailsnippets_werkgroepen_consenttext:list"))
    return None


# --- serving ----------------------------------------------------------------------


@hooks.register("before_serve_page")
def refuse_outsiders_clearly(page, request, serve_args, serve_kwargs):
    """A logged-in outsider gets a clear 403 instead of Wagtail's redirect to the login
    page (where, being logged in already, they would be sent straight back)."""
    if not isinstance(page, WorkingGroupPage | MeetingPage):
        return None
    if not request.user.is_authenticated:
        return None  # Wagtail asks for a login
    if isinstance(page, WorkingGroupPage) and page.is_member(request.user):
        return None  # a member of the space (their groups are read already)
    # The same rules Wagtail checks next (a space's or a meeting's restrictions include
    # the space's own and those above it), kept per audience.
    may_view = kept_for_audience(
        "werkgroepen:may-view",
        request_audience(request),
        lambda: can_view_page(request.user, page),
        key=(page.pk,),
    )
    if not may_view:
        return forbidden(request, page)
    return None


@hooks.register("before_serve_document")
def guard_space_documents(document, request):
    """Documents in a private collection are served privately (never cached by a
    shared cache); documents in the trash only to those who may restore them."""
    if document.collection.get_view_restrictions().exists():
        mark_private(request)
    if document.trashed_at is not None:
        space = WorkingGroupPage.objects.filter(collection_id=document.collection_id).first()
        allowed = is_coordinator(request.user) or (
            space is not None and space.can_manage(request.user)
        )
        if not allowed:
            raise Http404
    return None


@hooks.register("before_serve_document", order=1000)
def log_space_document_download(document, request):
    """The access log: a private document is served. Runs after every other hook
    (Wagtail's restriction check, the trash guard above), so a refused request is
    never logged as a download."""
    accesslog.served_document(request.user, document)
    return None


# --- the access log -----------------------------------------------------------------


hooks.register("register_log_actions", accesslog.register_actions)


@hooks.register("register_admin_urls")
def access_log_urls():
    return [
        url_path("rapporten/toegangslog/", AccessLogView.as_view(), name="werkgroepen_access_log"),
        url_path(
            "rapporten/toegangslog/resultaten/",
            AccessLogView.as_view(results_only=True),
            name="werkgroepen_access_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def access_log_menu_item():
    return AccessLogMenuItem(
        _("Toegangslog"),
        reverse("werkgroepen_access_log"),
        name="access-log",
        icon_name="history",
        order=700,
    )


# --- retention (werkgroepen.retention) ----------------------------------------------


@hooks.register("register_admin_urls")
def retention_report_urls():
    return [
        url_path(
            "rapporten/bewaartermijnen/",
            RetentionReportView.as_view(),
            name="werkgroepen_retention_report",
        ),
        url_path(
            "rapporten/bewaartermijnen/resultaten/",
            RetentionReportView.as_view(results_only=True),
            name="werkgroepen_retention_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def retention_report_menu_item():
    return RetentionReportMenuItem(
        _("Bewaartermijnen"),
        reverse("werkgroepen_retention_report"),
        name="retention",
        icon_name="time",
        order=710,
    )


@hooks.register("register_admin_viewset")
def space_privacy_viewset():
    return SpacePrivacyViewSet("bewaartermijnen")


# --- admin choosers and listings ----------------------------------------------------


@hooks.register("construct_document_chooser_queryset")
def chooser_documents(documents, request):
    return viewable_documents(request.user, documents)


@hooks.register("construct_image_chooser_queryset")
def chooser_images(images, request):
    return viewable_images(request.user, images)


def _without_hidden_spaces(pages, user):
    """Drop pages at or below the spaces ``user`` may not see. Other restricted pages
    are left alone: editors and translators must reach the pages they work on."""
    hidden = WorkingGroupPage.objects.exclude(
        pk__in=viewable_pages(user, WorkingGroupPage.objects.all()).values("pk")
    ).values_list("path", flat=True)
    condition = Q()
    for path in hidden:
        condition |= Q(path__startswith=path)
    return pages.exclude(condition) if condition else pages


@hooks.register("construct_page_chooser_queryset")
def chooser_pages(pages, request):
    return _without_hidden_spaces(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_pages(parent_page, pages, request):
    return _without_hidden_spaces(pages, request.user)


@hooks.register("before_bulk_action")
def refuse_images_into_private_collections(request, action_type, objects, action_class):
    return image_privacy.refuse_bulk_move(request, action_type, objects, action_class)


@hooks.register("before_bulk_action")
def refuse_bulk_delete_of_space_documents(request, action_type, objects, action_class):
    """Space documents go through the space's trash, also in the admin's bulk delete."""
    Document = get_document_model()
    if action_type != "delete" or not objects or not isinstance(objects[0], Document):
        return None
    collection_ids = {document.collection_id for document in objects}
    if WorkingGroupPage.objects.filter(collection_id__in=collection_ids).exists():
        from django.contrib import messages
        from django.shortcuts import redirect

        from werkgroepen.signals import SPACE_DOCUMENT_DELETE_REFUSED

        messages.error(request, SPACE_DOCUMENT_DELETE_REFUSED)
        return redirect("wagtaildocs:index")
    return None


# --- the member's start page --------------------------------------------------------


@hooks.register(HOME_PANELS_HOOK)
def upcoming_meetings_panel(request, page):
    if not request.user.is_authenticated:
        return None
    # The start page now holds personal data: keep it out of shared caches.
    mark_private(request)
    meetings = _upcoming_meetings(request.user)
    if not meetings:
        return None
    return {
        "title": _("Jouw volgende vergaderingen"),
        "template": "werkgroepen/home_panel.html",
        "context": {"meetings": meetings},
    }


def _upcoming_meetings(user):
    """(meeting, space) of the next five meetings of the user's spaces. They depend on
    nothing but the user's groups (which spaces, which restrictions they pass): kept
    per audience, groups and content version, and per five minutes for "upcoming"."""

    def compute():
        meetings = list(
            meetings_for(user)
            .filter(start__gte=timezone.now() - timezone.timedelta(hours=3))
            .select_related("locale")[:5]
        )
        # The spaces of all meetings in one query (a meeting's parent is its space).
        steplen = Page.steplen
        spaces = {
            space.path: space
            for space in Page.objects.filter(path__in={m.path[:-steplen] for m in meetings})
        }
        return [(m, spaces.get(m.path[:-steplen])) for m in meetings]

    key = (int(time.time() // 300),)
    return kept_for_audience("werkgroepen:upcoming", audience(user), compute, key=key)


# The language members chose for the portal's mails (their settings page).
hooks.register(MAIL_LANGUAGES_HOOK, chosen_mail_languages)

# Members' comments are found in the search with their meeting or document.
hooks.register(ATTACHED_TEXTS_HOOK, comments.search_texts)


@hooks.register(TWOFACTOR_REQUIRED_HOOK)
def leads_use_a_second_factor(user):
    """The leads of a space read its stories and manage its members: they use a second
    factor (twofactor), like coordinators and editors."""
    return WorkingGroupPage.objects.filter(lead_group_id__in=group_ids(user)).exists()


# What the working groups keep about a person: *Mijn gegevens*, export and erasure.
hooks.register(personaldata_hooks.SECTIONS_HOOK, personal_data.sections)
hooks.register(personaldata_hooks.ERASE_HOOK, personal_data.erase)
hooks.register(personaldata_hooks.PARTICIPANTS_HOOK, personal_data.participants)
hooks.register(personaldata_hooks.ERASURE_PLAN_HOOK, personal_data.erasure_plan)
