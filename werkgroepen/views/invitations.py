"""Invitation links: the lead's pages (make, show, print, revoke) and the one page a
participant opens with a link, without an account.

The participant's page makes no session and logs nobody in; it shows the input form
or the poll the link is for, in the link's language, and nothing else of the space.
Every answer, the friendly refusals included, is private, never stored by a cache,
never indexed, and sends no referrer (the token is in the address).
"""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from werkgroepen import consent, invitations, polls
from werkgroepen.models import FeedbackPage, Invitation
from werkgroepen.participation_forms import AnswerForm, InvitationForm, ParticipantInputForm
from werkgroepen.views.access import private, space_view

REFUSAL_STATUS = {"invalid": 404, "used": 410, "revoked": 410, "expired": 410}


def _space_context(space, **extra):
    return {"page": space, "space": space, "space_section": "inputs", **extra}


@space_view(lead_only=True)
def invitation_list(request, space):
    form = InvitationForm(space=space)
    if request.method == "POST":
        form = InvitationForm(request.POST, space=space)
        if form.is_valid():
            invitation = invitations.create(
                space.original(), created_by=request.user, **_creation_data(form.cleaned_data)
            )
            messages.success(request, _("De link is klaar. Geef hem aan de deelnemer."))
            return redirect(
                space.url + space.reverse_subpage("invitation_detail", args=[invitation.pk])
            )
    open_links = invitations.open_for(space.original())
    history = (
        Invitation.objects.filter(space=space.original())
        .exclude(pk__in=open_links.values("pk"))
        .select_related("poll", "created_by")[:50]
    )
    return render(
        request,
        "werkgroepen/invitations/list.html",
        _space_context(
            space,
            form=form,
            open_invitations=open_links,
            history=history,
        ),
    )


def _creation_data(data):
    return {
        "purpose": data["purpose"],
        "poll": data.get("poll"),
        "days": data["days"],
        "name": data.get("name", ""),
        "language": data["language"],
    }


@space_view(lead_only=True)
def invitation_detail(request, space, invitation_id):
    invitation = get_object_or_404(
        Invitation.objects.select_related("poll"), pk=invitation_id, space=space.original()
    )
    link = invitations.link_for(invitation) if invitation.is_open() else ""
    response = render(
        request,
        "werkgroepen/invitations/detail.html",
        _space_context(
            space,
            invitation=invitation,
            link=link,
            consents=consent.state_for(invitation=invitation),
        ),
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@space_view(lead_only=True)
def invitation_qr(request, space, invitation_id):
    """The link as a QR code (SVG), to print for a meeting."""
    invitation = get_object_or_404(Invitation, pk=invitation_id, space=space.original())
    if not invitation.is_open():
        raise Http404
    svg = io.BytesIO()
    segno.make(invitations.link_for(invitation), error="m").save(
        svg, kind="svg", scale=8, border=2, title=_("QR-code van de uitnodiging")
    )
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@space_view(lead_only=True)
@require_POST
def invitation_revoke(request, space, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, space=space.original())
    invitations.revoke(invitation)
    messages.success(request, _("De link is ingetrokken. Hij werkt niet meer."))
    return redirect(space.url + space.reverse_subpage("invitations"))


# --- the participant's page ----------------------------------------------------


def _participant_response(response):
    private(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# No CSRF token: the page sets no cookie at all, and sends no referrer, so browsers
# post its form with "Origin: null", which Django's CSRF check refuses. The token in
# the address is the secret a forged form would need; whoever has it may answer.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def participate(request, token):
    """The page speaks the language of its address: the link is made in the
    participant's language (``invitations.link_for``), and the language switcher can
    change it."""
    try:
        invitation = invitations.find(token)
    except invitations.Refused as refused:
        return _refusal(request, refused)
    if invitation.purpose == Invitation.Purpose.POLL:
        response = _answer_poll(request, invitation)
    else:
        response = _give_input(request, invitation)
    return _participant_response(response)


def _refusal(request, refused):
    response = render(
        request,
        "werkgroepen/participate/refused.html",
        {"reason": refused.reason, "feedback_url": _feedback_url()},
        status=REFUSAL_STATUS[refused.reason],
    )
    return _participant_response(response)


def _feedback_url():
    """The public page that says what happened with the participants' input, in the
    page's language where it is translated."""
    pages = FeedbackPage.objects.live().public()
    page = pages.filter(locale__language_code=translation.get_language()).first()
    page = page or pages.first()
    return page.url if page else ""


def _give_input(request, invitation):
    form = ParticipantInputForm()
    if request.method == "POST":
        form = ParticipantInputForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["text"].strip() or _attachment_only_text(form)
            try:
                _receive(invitation, text, form.cleaned_data)
            except invitations.Refused as refused:
                return _refusal(request, refused)
            return _thanks(request, invitation)
    return render(
        request,
        "werkgroepen/participate/input.html",
        {
            "invitation": invitation,
            "form": form,
            "consent_texts": consent.current_texts(),
            **_common(invitation),
        },
        status=400 if form.errors else 200,
    )


def _receive(invitation, text, data):
    """The input and the consents given with it, together or not at all."""
    attachment = data["attachment"]
    sent_photo = bool(attachment) and invitations.attachment_kind(attachment.name) == "image"
    with transaction.atomic():
        invitations.receive_input(invitation, text, attachment)
        consent.record_from_invitation(
            invitation,
            quote=data.get("consent_quote", False),
            photo=sent_photo and data.get("consent_photo", False),
        )


def _attachment_only_text(form):
    """The tracker's text for input that is only a photo or a voice note (Dutch: the
    leads read it)."""
    kind = invitations.attachment_kind(form.cleaned_data["attachment"].name)
    with translation.override(settings.LANGUAGE_CODE):
        return (
            _("(een foto, zie bijlage)")
            if kind == "image"
            else _("(een spraakbericht, zie bijlage)")
        )


def _answer_poll(request, invitation):
    poll = invitation.poll
    if not poll.is_open():
        return render(
            request,
            "werkgroepen/participate/poll_closed.html",
            {"poll": poll, **_common(invitation)},
        )
    form = AnswerForm(poll=poll)
    if request.method == "POST":
        form = AnswerForm(request.POST, poll=poll)
        if form.is_valid():
            try:
                _cast_with_link(poll, form.cleaned_data["option"], invitation)
            except invitations.Refused as refused:
                return _refusal(request, refused)
            except polls.NotAccepted as problem:
                form.add_error(None, str(problem))
            else:
                return _thanks(request, invitation)
    return render(
        request,
        "werkgroepen/participate/poll.html",
        {"invitation": invitation, "poll": poll, "form": form, **_common(invitation)},
        status=400 if form.errors else 200,
    )


def _cast_with_link(poll, option, invitation):
    with transaction.atomic():
        invitations.use(invitation)
        polls.cast(poll, option, invitation=invitation)


def _thanks(request, invitation):
    poll = invitation.poll if invitation.purpose == Invitation.Purpose.POLL else None
    rows, total = polls.results(poll) if poll and poll.shows_results() else ([], 0)
    return render(
        request,
        "werkgroepen/participate/thanks.html",
        {
            "invitation": invitation,
            "poll": poll,
            "rows": rows,
            "total": total,
            **_common(invitation),
        },
    )


def _common(invitation):
    return {
        "space_title": invitation.space.title,
        "feedback_url": _feedback_url(),
    }
