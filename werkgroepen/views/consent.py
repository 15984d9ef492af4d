"""Consent pages: a member's own page ("Toestemmingen", per space they are in) and the
lead's note of a participant's withdrawal (told by phone, say) on the invitation.

A member only ever sees and changes their own consents, in spaces they are in; a
space or purpose posted by hand that is not theirs gets a clear message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from werkgroepen import consent
from werkgroepen.models import Invitation
from werkgroepen.views.access import private, space_view

CHOICES = {"ja": True, "nee": False}


def _entries(user, spaces):
    texts = consent.current_texts()
    entries = []
    for space in spaces:
        state = consent.state_for(space=space, user=user)
        items = [
            {
                "purpose": purpose,
                "label": purpose.label,
                "text": texts[purpose],
                "row": state[purpose],
                "state": consent.label(state[purpose]),
            }
            for purpose in consent.PURPOSES
        ]
        entries.append({"space": space, "items": items})
    return entries


def _change(request, spaces):
    """Record the posted change; returns an error message or None."""
    try:
        space_id = int(request.POST.get("space", ""))
    except ValueError:
        space_id = None
    in_range = space_id is not None and 0 < space_id < 2**63  # a database integer
    space = spaces.filter(pk=space_id).first() if in_range else None
    if space is None:
        return _("Je bent geen lid van deze werkgroep. Kies een werkgroep uit de lijst.")
    given = CHOICES.get(request.POST.get("keuze", ""))
    if given is None:
        return _("Kies ja of nee.")
    try:
        consent.record(
            space=space,
            purpose=request.POST.get("purpose", ""),
            given=given,
            user=request.user,
            actor=request.user,
        )
    except consent.ConsentError as problem:
        return str(problem)
    if given:
        messages.success(request, _("Dank je. Je toestemming is bewaard."))
    else:
        messages.success(request, _("Je toestemming is ingetrokken. Dat geldt vanaf nu."))
    return None


@never_cache
@login_required
def my_consents(request):
    spaces = consent.spaces_of(request.user)
    status = 200
    if request.method == "POST":
        problem = _change(request, spaces)
        if problem is None:
            return redirect("werkgroepen:consents")
        messages.error(request, problem)
        status = 400
    response = render(
        request,
        "werkgroepen/consent/mine.html",
        {"entries": _entries(request.user, spaces)},
        status=status,
    )
    return private(response)


@space_view(lead_only=True)
@require_POST
def invitation_withdrawal(request, space, invitation_id):
    """A lead notes that a participant withdrew a consent (logged, with the lead as
    the one who noted it)."""
    invitation = get_object_or_404(Invitation, pk=invitation_id, space=space.original())
    back = redirect(space.url + space.reverse_subpage("invitation_detail", args=[invitation.pk]))
    try:
        consent.record(
            space=space,
            purpose=request.POST.get("purpose", ""),
            given=False,
            invitation=invitation,
            actor=request.user,
        )
    except consent.ConsentError as problem:
        messages.error(request, str(problem))
        return back
    messages.success(request, _("De intrekking is genoteerd. Dat geldt vanaf nu."))
    return back
