"""The input tracker of a space: members read it, leads record and follow up."""

import os

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Locale

from werkgroepen import accesslog
from werkgroepen.forms import InputItemForm
from werkgroepen.models import Action, InputItem
from werkgroepen.views.access import space_view

PER_PAGE = 25


def _items(space):
    # The actions taken on each item, of this space only (werkgroepen.views.actions).
    actions = Prefetch(
        "actions",
        Action.objects.filter(space=space.original()).select_related("owner"),
        to_attr="space_actions",
    )
    return (
        InputItem.objects.filter(space=space.original(), locale_id=space.original().locale_id)
        .select_related("theme", "meeting")
        .prefetch_related(actions)
    )


@space_view()
def input_list(request, space):
    status = request.GET.get("stand", "")
    items = _items(space)
    if status in InputItem.Status.values:
        items = items.filter(status=status)
    else:
        status = ""
    page_obj = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    accesslog.input_list_opened(request.user, space)
    return render(
        request,
        "werkgroepen/inputs/list.html",
        {
            "page": space,
            "space": space,
            "space_section": "inputs",
            "items": page_obj.object_list,
            "page_obj": page_obj,
            "query": urlencode({"stand": status}) if status else "",
            "status": status,
            "statuses": InputItem.Status.choices,
            "can_manage": space.can_manage(request.user),
        },
    )


@space_view(lead_only=True)
def input_form(request, space, item_id):
    item = get_object_or_404(_items(space), pk=item_id) if item_id else None
    form = InputItemForm(instance=item, space=space)
    if request.method == "POST":
        form = InputItemForm(request.POST, instance=item, space=space)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.space = space.original()
            saved.locale = Locale.get_default()
            if item is None:
                saved.created_by = request.user
            saved.save()
            messages.success(request, _("De inbreng is bewaard."))
            return redirect(space.url + space.reverse_subpage("inputs"))
    return render(
        request,
        "werkgroepen/inputs/form.html",
        {
            "page": space,
            "space": space,
            "space_section": "inputs",
            "form": form,
            "item": item,
        },
    )


# Served as themselves only where every browser shows them; anything else downloads.
INLINE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "webm": "audio/webm",
}


@space_view()
def input_attachment(request, space, item_id):
    """The photo or voice note of an input item: members of the space only."""
    item = get_object_or_404(_items(space).exclude(attachment=""), pk=item_id)
    extension = os.path.splitext(item.attachment.name)[1].lower().lstrip(".")
    try:
        handle = item.attachment.open("rb")
    except OSError:
        raise Http404 from None
    content_type = INLINE_TYPES.get(extension)
    response = FileResponse(
        handle,
        as_attachment=content_type is None,
        filename=f"inbreng-{item.pk}.{extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    accesslog.input_attachment_opened(request.user, space, item)
    return response
