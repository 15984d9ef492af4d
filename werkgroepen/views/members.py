"""Who is in the space. Members see the list; leads and the coordinator change it.

Changes are group memberships, so they count from the very next request: Wagtail's
restriction check and ``access.privacy`` read the groups on every request.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.roles import is_coordinator
from werkgroepen import accesslog, consent
from werkgroepen.forms import AddMemberForm
from werkgroepen.views.access import forbidden, space_view


def _name(user):
    return user.get_full_name() or user.get_username()


@space_view()
def manage_members(request, space):
    can_manage = space.can_manage(request.user)
    form = AddMemberForm()
    if request.method == "POST":
        if not can_manage:
            return forbidden(request, space, lead_only=True)
        response = _change(request, space)
        if response is not None:
            return response
        form = AddMemberForm(request.POST)
        if form.is_valid():
            user = form.user
            user.groups.add(space.member_group)
            if form.cleaned_data["as_lead"]:
                user.groups.add(space.lead_group)
            accesslog.membership_changed(request.user, space, user, "add")
            if form.cleaned_data["as_lead"]:
                accesslog.membership_changed(request.user, space, user, "make_lead")
            messages.success(
                request, _("%(name)s is nu lid van de werkgroep.") % {"name": _name(user)}
            )
            return redirect(space.url + space.reverse_subpage("members"))
    accesslog.member_list_opened(request.user, space)
    members = list(space.members())
    if can_manage:
        # Leads see per member what is agreed; members see only their own, elsewhere.
        consent.attach_states(space, members)
    return render(
        request,
        "werkgroepen/members.html",
        {
            "page": space,
            "space": space,
            "space_section": "members",
            "members": members,
            "can_manage": can_manage,
            "form": form,
        },
    )


def _change(request, space):
    """Remove, make lead, stop as lead. Returns a redirect, or None for the add form."""
    action = request.POST.get("action")
    if action not in ("remove", "make_lead", "unmake_lead"):
        return None
    back = redirect(space.url + space.reverse_subpage("members"))
    try:
        user_id = int(request.POST.get("user", ""))
    except ValueError:
        messages.error(request, _("Kies een lid uit de lijst."))
        return back
    user = space.members().filter(pk=user_id).first()
    if user is None:
        messages.error(request, _("Deze persoon is geen lid van de werkgroep."))
        return back
    leads = space.lead_ids()
    leaving_lead = action in ("remove", "unmake_lead") and user.pk in leads
    if leaving_lead and len(leads) == 1 and not is_coordinator(request.user):
        messages.error(
            request,
            _("Een werkgroep heeft minstens één trekker. Maak eerst iemand anders trekker."),
        )
        return back
    if action == "remove":
        user.groups.remove(space.member_group, space.lead_group)
        messages.success(
            request, _("%(name)s is geen lid meer van de werkgroep.") % {"name": _name(user)}
        )
    elif action == "make_lead":
        user.groups.add(space.member_group, space.lead_group)
        messages.success(request, _("%(name)s is nu trekker.") % {"name": _name(user)})
    else:
        user.groups.remove(space.lead_group)
        user.groups.add(space.member_group)
        messages.success(request, _("%(name)s is geen trekker meer.") % {"name": _name(user)})
    accesslog.membership_changed(request.user, space, user, action)
    if user.pk == request.user.pk and not space.can_view(request.user):
        return redirect(space.get_parent().url)
    return back
