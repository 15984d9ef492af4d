"""Admin views that send translations to review instead of publishing them.

- ``GET /admin/vertalingen/<translation id>/nalezen/`` asks for confirmation, ``POST``
  puts the translated text in a draft revision and starts the page's workflow (see
  ``translations.status.submit_for_review``);
- ``ReviewingUpdateTranslationsView`` replaces wagtail-localize's sync view;
- ``SnippetTranslationView`` is wagtail-localize's "translate this snippet" view, with
  an address whose key is no key of the snippet (``…/theme/abc/``) not found instead of
  a 500 (it looked ``abc`` up as a number);
- ``upload_po_file`` checks a translator's PO file before wagtail-localize imports it:
  it read the file's translation id without checking that there was a file, or an id
  in it (an empty file, one made by another tool: a 500).
"""

import contextlib
import os
import tempfile

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import upload_pofile, user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from translations.status import review_workflow, reviewers_may_publish, submit_for_review


def review_translation_view(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = translation.get_target_instance()
    if not isinstance(page, Page) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if request.method == "POST":
        try:
            submit_for_review(translation, request.user)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("'%(title)s' is ter nalezing ingediend. Na goedkeuring gaat de vertaling live.")
                % {"title": page.title},
            )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "portal/admin/review_translation.html",
        {
            "page": page.specific,
            "translation": translation,
            "workflow": review_workflow(page.specific),
            "edit_url": edit_url,
            "header_title": _("Vertaling laten nalezen"),
        },
    )


class ReviewingUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Synchroniseren", with review for translations that need it.

    Registered at wagtail-localize's own address (``/admin/localize/update/<id>/``),
    before wagtail-localize's URLs, so its "sync" links land here. With "publish
    immediately", translations whose page has a workflow the user is no reviewer of
    are sent to review instead of going live (see ``reviewers_may_publish``).
    """

    @transaction.atomic
    def form_valid(self, form):
        publish = form.cleaned_data.get("publish_translations")
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        if not publish:
            return response
        sent = 0
        for translation in self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue
            if isinstance(target, Page) and not reviewers_may_publish(
                self.request.user, target.specific
            ):
                try:
                    submit_for_review(translation, self.request.user)
                    sent += 1
                except ValueError as error:
                    messages.warning(self.request, f"{target.title}: {error}")
                continue
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.request.user, publish=True)
        if sent:
            messages.info(
                self.request,
                ngettext(
                    "%(count)d vertaling is ter nalezing ingediend.",
                    "%(count)d vertalingen zijn ter nalezing ingediend.",
                    sent,
                )
                % {"count": sent},
            )
        return response


class SnippetTranslationView(SubmitSnippetTranslationView):
    """Registered at wagtail-localize's own address, before its URLs (like the sync
    view above)."""

    def get_object(self):
        try:
            return super().get_object()
        except (ValueError, ValidationError) as error:
            raise Http404 from error


@require_POST
def upload_po_file(request, translation_id):
    """Registered at wagtail-localize's own address, before its URLs. A file that is
    no PO file of this translation goes back with a message; wagtail-localize's view
    imports the others (and says itself when a file is not PO at all)."""
    import polib

    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return _po_refused(request, _("Kies eerst een PO-bestand om op te laden."))
    # polib reads a file by its name (given the contents it could be made to read
    # another file), so the upload goes through a temporary file, as in
    # wagtail-localize.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as copy:
        copy.write(upload.read())
    try:
        po = polib.pofile(copy.name)
    except (OSError, UnicodeDecodeError):
        po = None  # not PO at all: wagtail-localize's own message
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
    return upload_pofile(request, translation_id)


def _po_refused(request, message):
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
