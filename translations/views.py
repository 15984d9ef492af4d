"""Admin view that sends a translation to review instead of publishing it.

``GET /admin/vertalingen/<translation id>/nalezen/`` asks for confirmation, ``POST``
puts the translated text in a draft revision and starts the page's workflow (see
``translations.status.submit_for_review``). The checks in front of wagtail-localize's
own views are in ``translations.middleware``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import Translation

from translations.status import review_workflow, submit_for_review


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
