"""Admin views that send translations to review instead of publishing them.

- ``GET /admin/vertalingen/<translation id>/nalezen/`` asks for confirmation, ``POST``
  puts the translated text in a draft revision and starts the page's workflow (see
  ``portal.translation.submit_for_review``);
- ``ReviewingUpdateTranslationsView`` replaces wagtail-localize's sync view.
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .translation import review_workflow, reviewers_may_publish, submit_for_review


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
