"""Hardening around Wagtail and wagtail-localize where their defaults are too open for
a portal that holds personal stories (see docs/decisions/0007-security.md).

- ``alias_follows_its_source``: an alias is never easier to read than the page it
  copies (Wagtail copies only the restrictions set *on* the page, not those of its
  ancestors, and keeps them only at creation).
- ``AdminGuardMiddleware``: wagtail-localize's "translate" and "sync" views check only
  the global ``submit_translation`` permission, so an editor could translate (copy into
  another language tree) a working group's page they may neither read nor edit; and
  Wagtail's "page types usage" report names the last edited page of every type, in
  every working group, to anyone with a page permission. Both are closed here.
- Translators (Vertaler) translate; they do not change the Dutch source pages, even
  though their page permissions on the editorial sections let them open them (the
  translation report and the "translate" action need that).
- Two editors saving the same page: both revisions are kept (Wagtail appends), and the
  second one is warned that someone saved in between.
- wagtail-localize lets translators override every link of a page (rich-text hrefs,
  URL fields) without checking the value: a ``javascript:`` or ``data:`` address is
  replaced by the source's address before it is stored.
- Requests that are too big or carry NUL characters are answered early and clearly; a
  ``next`` that is no address is dropped.
- A form in Wagtail's admin whose posted data cannot even be read (Wagtail's editor
  sends stream fields, rich text, inline rows and choosers as data its JavaScript
  writes; a damaged or crafted request raised inside Wagtail while the form was read)
  gets a 400 page that says so. The portal's own forms use their own fields
  (``core.forms``), which answer such data with a message next to the field.
"""

import html
import json
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import OverridableSegment, TranslationSource

from access import roles
from access.privacy import can_view_page

logger = logging.getLogger(__name__)

# --- aliases --------------------------------------------------------------------------


def refuse_page(request):
    """Anonymous visitors are asked to log in; a logged-in visitor gets a clear 403
    (a login redirect would send them straight back)."""
    if not request.user.is_authenticated:
        from wagtail.wagtail_hooks import require_wagtail_login

        response = require_wagtail_login(next=request.get_full_path())
    else:
        response = render(request, "registration/no_access.html", status=403)
    add_never_cache_headers(response)
    return response


@hooks.register("before_serve_page")
def alias_follows_its_source(page, request, serve_args, serve_kwargs):
    if not page.alias_of_id:
        return None
    source = Page.objects.filter(pk=page.alias_of_id).first()
    if source is None or can_view_page(request.user, source):
        return None
    return refuse_page(request)


# --- translators and the Dutch sources ----------------------------------------------------

TRANSLATOR_MESSAGE = _(
    "Als vertaler pas je de Nederlandse bronpagina niet aan. Maak of bewerk een vertaling."
)


def edits_only_as_translator(user, page):
    """True when ``page`` is a source-language page and the user's only page
    permissions on it come from the Vertaler role."""
    if not user.is_authenticated or user.is_superuser:
        return False
    if page.locale_id != Locale.get_default().pk:
        return False
    group_names = set(user.groups.values_list("name", flat=True))
    if roles.VERTALER not in group_names:
        return False
    if group_names & {roles.REDACTEUR, roles.COORDINATOR}:
        return False
    ancestor_paths = [page.path[:end] for end in range(4, len(page.path) + 1, 4)]
    return not (
        GroupPagePermission.objects.filter(group__user=user, page__path__in=ancestor_paths)
        .exclude(group__name=roles.VERTALER)
        .exists()
    )


def _refuse_translator(request, page):
    messages.error(request, TRANSLATOR_MESSAGE)
    return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 2 else page.pk)


@hooks.register("before_edit_page")
def translators_do_not_change_sources(request, page):
    if request.method == "POST" and edits_only_as_translator(request.user, page):
        return _refuse_translator(request, page)
    return None


@hooks.register("before_delete_page")
@hooks.register("before_unpublish_page")
@hooks.register("before_move_page")
@hooks.register("before_copy_page")
def translators_do_not_remove_or_move_sources(request, page, *args):
    if edits_only_as_translator(request.user, page):
        return _refuse_translator(request, page)
    return None


@hooks.register("before_create_page")
def translators_do_not_add_source_pages(request, parent_page, page_class):
    if edits_only_as_translator(request.user, parent_page):
        return _refuse_translator(request, parent_page)
    return None


# --- links in translations ---------------------------------------------------------------

# Schemes a browser would run or render as a document of its own.
SCRIPT_SCHEMES = {"javascript", "vbscript", "livescript", "data"}
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\xa0`\s]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def is_script_url(value):
    """Would a browser treat ``value`` (an href) as script? Browsers ignore control
    characters, whitespace and case in the scheme, and attributes decode entities."""
    if not isinstance(value, str):
        return False
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(value)).lower()
    match = _SCHEME.match(cleaned)
    return bool(match) and match.group(1) in SCRIPT_SCHEMES


@receiver(pre_save, sender="wagtail_localize.SegmentOverride")
def no_script_links_in_translations(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        value = json.loads(instance.data_json)
    except (TypeError, ValueError):
        return
    if not is_script_url(value):
        return

    source = OverridableSegment.objects.filter(context_id=instance.context_id).first()
    instance.data_json = source.data_json if source is not None else json.dumps("")


# --- two editors on one page --------------------------------------------------------------


@hooks.register("before_edit_page")
def note_a_concurrent_save(request, page):
    """Remember whether someone saved a newer revision since this editor opened the
    page (Wagtail posts the revision it loaded). Both revisions are kept either way."""
    if request.method != "POST":
        return None
    loaded = request.POST.get("loaded_revision_id", "")
    latest = page.get_latest_revision()
    if latest is not None and loaded and loaded != str(latest.pk):
        request.portal_concurrent_revision = latest
    return None


@hooks.register("after_edit_page")
def warn_about_a_concurrent_save(request, page):
    other = getattr(request, "portal_concurrent_revision", None)
    if other is None:
        return None
    who = _("iemand")
    if other.user is not None:
        who = other.user.get_full_name() or other.user.get_username()
    messages.warning(
        request,
        _(
            "Let op: %(who)s bewaarde deze pagina ook terwijl jij ze bewerkte. Beide versies "
            "zijn bewaard; vergelijk ze in de geschiedenis van de pagina."
        )
        % {"who": who},
    )
    return None


# --- admin views that must check more than Wagtail does ------------------------------------

TRANSLATE_VIEWS = {
    "wagtail_localize:submit_page_translation",
    "wagtail_localize:update_translations",
}
COORDINATOR_VIEWS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}


def _translation_source_page(view_name, kwargs):
    if view_name == "wagtail_localize:submit_page_translation":
        return Page.objects.filter(pk=kwargs.get("page_id")).first()

    source = TranslationSource.objects.filter(pk=kwargs.get("translation_source_id")).first()
    if source is None:
        return None
    instance = source.get_source_instance()
    return instance if isinstance(instance, Page) else None


def may_translate(user, page):
    """Whoever may read the page or edit it may translate it (translators translate
    partner-only pages they edit but do not read on the site)."""
    return can_view_page(user, page) or page.permissions_for_user(user).can_edit()


class AdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in COORDINATOR_VIEWS and not roles.is_coordinator(request.user):
            raise PermissionDenied
        if name in TRANSLATE_VIEWS and request.user.is_authenticated:
            page = _translation_source_page(name, view_kwargs)
            if page is not None and not may_translate(request.user, page):
                raise PermissionDenied
        return None


@hooks.register("construct_reports_menu")
def hide_coordinator_reports(request, menu_items):
    if not roles.is_coordinator(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# --- hostile requests ------------------------------------------------------------------------


def client_ip(request):
    """The visitor's address, for login throttling (``AXES_CLIENT_IP_CALLABLE``).

    Behind ``PORTAL_PROXY_COUNT`` trusted proxies that set or append to
    X-Forwarded-For, the visitor is the PORTAL_PROXY_COUNT-th address from the right;
    whatever stands left of it was sent by the client and may be forged. Without a
    proxy the header is ignored: rotating it would dodge the lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "PORTAL_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    return forwarded[-count] if len(forwarded) >= count else remote


def max_request_bytes():
    return getattr(settings, "PORTAL_MAX_REQUEST_BYTES", None)


class RequestGuardMiddleware:
    """Near the top of the chain, before anything reads the body.

    - A body larger than ``PORTAL_MAX_REQUEST_BYTES`` (from Content-Length) is refused
      with 413 and a Dutch page before a byte of it is read: in ``process_view``, which
      runs before CSRF's (the first code that reads a form) and after authentication
      (the page shows who is logged in). Django never reads more than Content-Length.
    - A NUL character in the path is a 404 (no page has one, and PostgreSQL refuses it
      in a query); NUL characters in query-string values are dropped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.GET = _without_nul(request.GET)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A form posted to Wagtail's admin that raised one of the errors of data that
        cannot be read (``UNREADABLE_FORM_DATA``): a 400 page. Wagtail reads and
        validates a form before it saves anything, so nothing was saved
        (``tests/security/test_hostile.py`` checks it per kind of damage); the error is
        logged with its traceback. A database that fails is the server's fault: a 500."""
        if (
            request.method != "POST"
            or not isinstance(exception, UNREADABLE_FORM_DATA)
            or isinstance(exception, DatabaseError)
            or not request.path_info.startswith(reverse("wagtailadmin_home"))
        ):
            return None
        logger.warning("Unreadable form data posted to %s", request.path, exc_info=exception)
        return render(request, "form_unreadable.html", status=400)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = max_request_bytes()
        if limit:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                response = render(
                    request,
                    "413.html",
                    {"limit": filesizeformat(limit), "size": filesizeformat(length)},
                    status=413,
                )
                return response
        if "\x00" in request.path_info:
            from core.views import page_not_found

            return page_not_found(request)
        _drop_next_that_is_no_address(request)
        return None


# What Django, Wagtail and modelcluster raise while they read a form that their own
# JavaScript did not write: a field left out (a stream field's count), a value of the
# wrong kind (a rich-text editor's state that is no JSON or no JSON object, the key of
# an inline row or a chooser's value that is no number, or a number too big for the
# database).
UNREADABLE_FORM_DATA = (
    MultiValueDictKeyError,
    ValueError,
    TypeError,
    AttributeError,
    OverflowError,
    ValidationError,
)


def _drop_next_that_is_no_address(request):
    """A ``next`` (where a form returns after it is saved) that is neither a path nor a
    URL is dropped, so the view returns where it would without one. Wagtail's admin
    passes any value that names no other site to ``redirect()``, which looks a value
    without a slash up as the name of a view: after the change was saved, a 500. (CSRF's
    check reads the posted form right after this in any case.)"""
    for name in ("GET", "POST"):
        params = getattr(request, name)
        if "next" in params and "/" not in params["next"]:
            setattr(request, name, _rebuilt(params, keep=lambda key: key != "next"))


def _without_nul(params):
    return _rebuilt(params, clean=lambda text: text.replace("\x00", ""))


def _rebuilt(params, keep=lambda key: True, clean=lambda text: text):
    """A new, read-only QueryDict with the keys of ``params`` that ``keep`` accepts,
    their names and values passed through ``clean``."""
    pairs = [
        (clean(key), clean(value))
        for key, values in params.lists()
        if keep(key)
        for value in values
    ]
    return QueryDict(urlencode(pairs), encoding=params.encoding)
