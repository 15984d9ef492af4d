"""The coordinator's views in the admin (Instellingen > Persoonsgegevens): find a
person (an account, or a participant without an account by their invitation links),
see and download what the portal keeps about them, and erase it.

Coordinators only: everyone else gets a 403 and no menu item.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from access.roles import is_coordinator

from .erasure import erase
from .export import collect
from .forms import EraseForm, FindForm
from .hooks import Person, erasure_plan, participants_matching
from .register import ERASED_PREFIX
from .views import download_response

PARTICIPANT_WORD = "wissen"
MAX_RESULTS = 50


def _render(request, template, context):
    context.setdefault("page_title", _("Persoonsgegevens"))
    context.setdefault("header_icon", "user")
    return render(request, template, context)


def coordinator_only(view):
    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return never_cache(view)(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _accounts(query):
    if not query:
        return []
    condition = Q(username__icontains=query) | Q(email__icontains=query)
    for word in query.split():
        condition |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    users = get_user_model().objects.exclude(username__startswith=ERASED_PREFIX)
    return list(users.filter(condition).order_by("username")[:MAX_RESULTS])


@coordinator_only
def choose(request):
    form = FindForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "accounts": _accounts(query),
        "participants": participants_matching(query=query)[:MAX_RESULTS] if query else [],
    }
    return _render(request, "personaldata/admin/choose.html", context)


def _account(user_id):
    user = get_object_or_404(get_user_model(), pk=user_id)
    if user.get_username().startswith(ERASED_PREFIX):
        raise Http404
    return user


@coordinator_only
def account(request, user_id):
    user = _account(user_id)
    person = Person(user=user)
    return render(
        request,
        "personaldata/admin/person.html",
        {
            "subject": user,
            "sections": collect(person),
            "download_url": reverse("personaldata_account_download", args=[user.pk]),
            "erase_url": reverse("personaldata_account_erase", args=[user.pk]),
        },
    )


@coordinator_only
def account_download(request, user_id):
    user = _account(user_id)
    return download_response(Person(user=user), request.user, f"gegevens-account-{user.pk}.zip")


@coordinator_only
def account_erase(request, user_id):
    user = _account(user_id)
    return _erase_page(request, Person(user=user), user.get_username(), subject=user)


def _invitation_ids(request):
    """The chosen invitations (``?uitnodiging=3&uitnodiging=5``); a 404 unless each
    is a participant's invitation link."""
    values = request.GET.getlist("uitnodiging") or request.POST.getlist("uitnodiging")
    try:
        ids = sorted({int(value) for value in values})
    except ValueError:
        raise Http404 from None
    if not ids or len(ids) > MAX_RESULTS:
        raise Http404
    found = participants_matching(ids=ids)
    if {row["invitation_id"] for row in found} != set(ids):
        raise Http404
    return ids, found


def _participant_query(ids):
    return urlencode([("uitnodiging", pk) for pk in ids])


@coordinator_only
def participant(request):
    ids, found = _invitation_ids(request)
    query = _participant_query(ids)
    return render(
        request,
        "personaldata/admin/person.html",
        {
            "invitations": found,
            "sections": collect(Person(invitation_ids=ids)),
            "download_url": reverse("personaldata_participant_download") + "?" + query,
            "erase_url": reverse("personaldata_participant_erase") + "?" + query,
        },
    )


@coordinator_only
def participant_download(request):
    ids, _found = _invitation_ids(request)
    return download_response(Person(invitation_ids=ids), request.user, "gegevens-deelnemer.zip")


@coordinator_only
def participant_erase(request):
    ids, found = _invitation_ids(request)
    return _erase_page(request, Person(invitation_ids=ids), PARTICIPANT_WORD, invitations=found)


def _erase_page(request, person, expected, **context):
    form = EraseForm(request.POST or None, expected=expected)
    if request.method == "POST" and form.is_valid():
        number = person.user.pk if person.user is not None else None
        erase(person, remove_input=form.cleaned_data["remove_input"], actor=request.user)
        if number:
            messages.success(
                request, _("De gegevens van account %(n)s zijn gewist.") % {"n": number}
            )
        else:
            messages.success(request, _("De gegevens van de deelnemer zijn gewist."))
        return redirect("personaldata_choose")
    context.update(
        {
            "form": form,
            "expected": expected,
            "person": person,
            "plan": erasure_plan(person),
        }
    )
    return _render(request, "personaldata/admin/erase.html", context)
