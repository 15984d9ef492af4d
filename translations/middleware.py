"""Checks in front of wagtail-localize's own admin views, by URL name.

wagtail-localize's views answer at their own addresses; this middleware looks at a
request before such a view runs and refuses it, or takes the part that needs review
out of it, so the library's view itself is used unchanged:

- ``update_translations`` ("Synchroniseren", with "publish immediately"): when a
  translation of the source needs review before it goes live (its language has a
  review workflow whose reviewer the user is not, ``reviewers_may_publish``), the
  library syncs without publishing, and after it succeeded each translation is sent
  to review or, when it needs none, published (``Translation.save_target``).
- ``submit_snippet_translation``: an address whose key is no key of the snippet
  (``…/theme/abc/``) is not found (the library looked ``abc`` up as a number: a 500).
- ``upload_pofile``: no file, or a PO file that names no translation (empty, made by
  another tool), goes back with a message (the library read the translation id
  without checking it was there: a 500). Files that are not PO at all the library
  refuses itself.

The last two guard upstream bugs; both are written down in docs/upgrading.md, each
with a test that fails once the library fixes it.

Placed after Django's message middleware, so the messages added once the view has
run are kept.
"""

import contextlib
import os
import tempfile

import polib
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from core.forms import key_column, outside_column_range
from translations.status import reviewers_may_publish, submit_for_review

SYNC = "wagtail_localize:update_translations"
SNIPPET = "wagtail_localize:submit_snippet_translation"
PO_UPLOAD = "wagtail_localize:upload_pofile"


class TranslationGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        held = getattr(request, "portal_translations_to_publish", None)
        if held and response.status_code == 302:  # the library synced them
            publish_or_review(request, held)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else ""
        if name == SNIPPET:
            refuse_a_snippet_address_without_a_key(view_kwargs)
        elif name == SYNC and request.method == "POST":
            hold_translations_that_need_review(request, view_kwargs)
        elif name == PO_UPLOAD and request.method == "POST":
            return refuse_a_po_file_of_no_translation(request)
        return None


# --- sync ---------------------------------------------------------------------------


def _target_page(translation):
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return None
    return target.specific if isinstance(target, Page) else None


def hold_translations_that_need_review(request, kwargs):
    """With "publish immediately" and a translation that needs review, let the
    library sync without publishing and remember the translations to publish or send
    to review afterwards."""
    if not request.POST.get("publish_translations"):
        return
    source = TranslationSource.objects.filter(pk=kwargs.get("translation_source_id")).first()
    if source is None or not request.user.is_authenticated:
        return
    translations = list(source.translations.filter(enabled=True))
    if all(
        (page := _target_page(translation)) is None or reviewers_may_publish(request.user, page)
        for translation in translations
    ):
        return  # the library publishes them all
    posted = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key != "publish_translations":
            posted.setlist(key, values)
    request.POST = posted
    request.portal_translations_to_publish = [translation.pk for translation in translations]


def publish_or_review(request, translation_ids):
    sent = 0
    with transaction.atomic():
        for translation in Translation.objects.filter(pk__in=translation_ids, enabled=True):
            page = _target_page(translation)
            if page is not None and not reviewers_may_publish(request.user, page):
                try:
                    submit_for_review(translation, request.user)
                    sent += 1
                except ValueError as error:
                    messages.warning(request, f"{page.title}: {error}")
                continue
            with contextlib.suppress(ValidationError):
                translation.save_target(user=request.user, publish=True)
    if sent:
        messages.info(
            request,
            ngettext(
                "%(count)d vertaling is ter nalezing ingediend.",
                "%(count)d vertalingen zijn ter nalezing ingediend.",
                sent,
            )
            % {"count": sent},
        )


# --- snippet addresses ----------------------------------------------------------------


def refuse_a_snippet_address_without_a_key(kwargs):
    try:
        model = apps.get_model(kwargs.get("app_label", ""), kwargs.get("model_name", ""))
    except (LookupError, ValueError):
        return  # the library answers an unknown model itself
    column = key_column(model)
    key = unquote(kwargs.get("pk", ""))
    try:
        column.to_python(key)
    except ValidationError as error:
        raise Http404 from error
    if outside_column_range(column, key):
        raise Http404


# --- PO files ----------------------------------------------------------------------


def refuse_a_po_file_of_no_translation(request):
    upload = request.FILES.get("file")
    if upload is None:
        return _po_refused(request, _("Kies eerst een PO-bestand om op te laden."))
    # polib reads a file by its name (given the contents it could be made to read
    # another file), so the upload goes through a temporary file.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as copy:
        copy.write(upload.read())
    try:
        po = polib.pofile(copy.name)
    except (OSError, UnicodeDecodeError):
        po = None  # not PO at all: the library's own message
    finally:
        with contextlib.suppress(OSError):
            os.unlink(copy.name)
    upload.seek(0)
    if po is not None and po.metadata.get("X-WagtailLocalize-TranslationID") is None:
        return _po_refused(
            request,
            _(
                "Dit PO-bestand hoort niet bij een vertaling van het portaal. Download het "
                "PO-bestand van deze vertaling, vul het aan en laad dat op."
            ),
        )
    return None


def _po_refused(request, message):
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
