"""The actions of a space: members read them, leads create and edit them, and the
owner of an action changes its status (only that)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from werkgroepen import actions as action_mails
from werkgroepen.forms import ActionForm, ActionStatusForm
from werkgroepen.models import Action, InputItem, MeetingPage
from werkgroepen.views.access import forbidden, space_view

PER_PAGE = 25
ALL = "alle"
# The filter's choices: "" (the default) lists what is still to be done.
FILTERS = [
    ("", gettext_lazy("te doen en bezig")),
    *Action.Status.choices,
    (ALL, gettext_lazy("alle acties")),
]


def _actions(space):
    return Action.objects.filter(space=space.original()).select_related(
        "owner", "meeting", "input_item"
    )


def _filtered(space, status):
    actions = _actions(space)
    if status in Action.Status.values:
        return actions.filter(status=status)
    if status == ALL:
        still_open = Case(
            When(status__in=Action.OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return actions.annotate(closed=still_open).order_by(
            "closed", F("due_on").asc(nulls_last=True), "pk"
        )
    return actions.filter(status__in=Action.OPEN_STATUSES)


def _live_meeting_ids(space):
    """The meetings of this space an action may link to (never another space's)."""
    return set(MeetingPage.objects.child_of(space).live().values_list("pk", flat=True))


def _list_url(space):
    return space.url + space.reverse_subpage("actions")


@space_view()
def action_list(request, space):
    status = request.GET.get("stand", "")
    if status not in Action.Status.values and status != ALL:
        status = ""
    page_obj = Paginator(_filtered(space, status), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "werkgroepen/actions/list.html",
        {
            "page": space,
            "space": space,
            "space_section": "actions",
            "actions": page_obj.object_list,
            "page_obj": page_obj,
            "query": urlencode({"stand": status}) if status else "",
            "status": status,
            "filters": FILTERS,
            "meeting_ids": _live_meeting_ids(space),
            "can_manage": space.can_manage(request.user),
        },
    )


@space_view()
def action_form(request, space, action_id):
    """Leads create and edit; the owner changes the status; other members read."""
    action = get_object_or_404(_actions(space), pk=action_id) if action_id else None
    if space.can_manage(request.user):
        return _edit(request, space, action)
    if action is None:
        return forbidden(request, space, lead_only=True)
    if action.owner_id == request.user.pk:
        return _change_status(request, space, action)
    if request.method == "POST":
        return forbidden(request, space, lead_only=True)
    return _render(request, space, action, form=None)


def _edit(request, space, action):
    source = _source(space, request.GET) if action is None else {}
    previous_owner_id = action.owner_id if action else None
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, instance=action, space=space, initial=source.get("initial"))
    if data is None or not form.is_valid():
        return _render(request, space, action, form=form, source=source)
    saved = form.save(commit=False)
    if action is None:
        saved.space = space.original()
        saved.created_by = request.user
        saved.meeting = source.get("meeting")
        saved.decision_id = source.get("decision_id", "")
        saved.input_item = source.get("input_item")
    with transaction.atomic():
        saved.save()
        action_mails.assigned(saved, previous_owner_id, request.user)
    messages.success(request, _("De actie is bewaard."))
    return redirect(_list_url(space))


def _change_status(request, space, action):
    data = request.POST if request.method == "POST" else None
    form = ActionStatusForm(data, instance=action)
    if data is None or not form.is_valid():
        return _render(request, space, action, form=form)
    form.save()
    messages.success(request, _("De stand van zaken is aangepast."))
    return redirect(_list_url(space))


def _render(request, space, action, form, source=None):
    return render(
        request,
        "werkgroepen/actions/form.html",
        {
            "page": space,
            "space": space,
            "space_section": "actions",
            "action": action,
            "form": form,
            "source": source or {},
            "meeting_ids": _live_meeting_ids(space),
            "can_manage": space.can_manage(request.user),
        },
    )


# --- where a new action comes from ------------------------------------------------


def _number(value):
    """A positive whole number from the query string, or None (nothing else is a key)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and 0 < len(value) <= 9:
        return int(value)
    return None


def _source(space, query):
    """What a new action is made from, named in the query string: ``?inbreng=<id>`` (an
    input item of this space) or ``?vergadering=<id>&beslissing=<block id>`` (a
    decision of one of this space's meetings). Whatever is not of this space is
    ignored, as if it had not been asked."""
    item_id = _number(query.get("inbreng"))
    if item_id:
        item = InputItem.objects.filter(
            space=space.original(), locale=Locale.get_default(), pk=item_id
        ).first()
        if item is not None:
            title = Truncator(item.public_summary or item.text).chars(120)
            return {"input_item": item, "initial": {"title": title}}
    meeting_id, block_id = _number(query.get("vergadering")), query.get("beslissing", "")
    if meeting_id and block_id:
        meeting = (
            MeetingPage.objects.child_of(space).filter(pk=meeting_id, alias_of__isnull=True).first()
        )
        decision = _decision(meeting, block_id) if meeting is not None else None
        if decision is not None:
            return {
                "meeting": meeting,
                "decision_id": block_id,
                "decision": decision["decision"],
                "initial": _decision_initial(space, decision),
            }
    return {}


def _decision(meeting, block_id):
    for block in meeting.decisions:
        if block.id == block_id and block.block_type == "decision":
            return block.value
    return None


def _decision_initial(space, decision):
    initial = {"title": Truncator(decision["decision"]).chars(200), "due_on": decision["due"]}
    owner = _member_named(space, decision["owner"])
    if owner is not None:
        initial["owner"] = owner.pk
    return initial


def _member_named(space, name):
    """The one member whose name (full, first or username) is ``name``, if exactly one."""
    name = " ".join((name or "").split()).lower()
    if not name:
        return None
    found = [
        user
        for user in space.members()
        if name in {user.get_full_name().lower(), user.first_name.lower(), user.username.lower()}
    ]
    return found[0] if len(found) == 1 else None
