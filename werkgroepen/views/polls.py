"""Polls of a space: members answer, everyone in the space sees the results once they
are shown, leads make and close polls."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkgroepen import polls
from werkgroepen.models import Poll, PollOption
from werkgroepen.participation_forms import AnswerForm, PollForm
from werkgroepen.views.access import space_view


def _context(space, **extra):
    return {"page": space, "space": space, "space_section": "polls", **extra}


def _detail_url(space, poll):
    return space.url + space.reverse_subpage("poll_detail", args=[poll.pk])


@space_view()
def poll_list(request, space):
    open_polls, upcoming, closed = polls.of_space(space)
    answered = polls.answered_ids(open_polls, request.user)
    return render(
        request,
        "werkgroepen/polls/list.html",
        _context(
            space,
            open_polls=[(poll, poll.pk in answered) for poll in open_polls],
            upcoming=upcoming if space.can_manage(request.user) else [],
            closed=closed,
            can_manage=space.can_manage(request.user),
        ),
    )


@space_view()
def poll_detail(request, space, poll_id):
    poll = get_object_or_404(Poll, pk=poll_id, space=space.original())
    user = request.user
    answered = polls.has_answered(poll, user)
    may_answer = poll.is_open() and space.is_member(user) and not answered
    form = AnswerForm(poll=poll) if may_answer else None
    if request.method == "POST" and may_answer:
        form = AnswerForm(request.POST, poll=poll)
        if form.is_valid():
            try:
                polls.cast(poll, form.cleaned_data["option"], user=user)
            except polls.NotAccepted as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("Bedankt. Je antwoord is geteld."))
                return redirect(_detail_url(space, poll))
    shown = poll.shows_results()
    rows, total = polls.results(poll, with_names=True) if shown else ([], 0)
    return render(
        request,
        "werkgroepen/polls/detail.html",
        _context(
            space,
            poll=poll,
            form=form,
            answered=answered,
            shows_results=shown,
            rows=rows,
            total=total,
            turnout=polls.turnout(poll),
            can_manage=space.can_manage(user),
        ),
        status=400 if form is not None and form.errors else 200,
    )


@space_view(lead_only=True)
def poll_add(request, space):
    form = PollForm()
    if request.method == "POST":
        form = PollForm(request.POST)
        if form.is_valid():
            poll = _save_poll(form, space, request.user)
            messages.success(request, _("De peiling is klaar."))
            return redirect(_detail_url(space, poll))
    return render(request, "werkgroepen/polls/form.html", _context(space, form=form))


@transaction.atomic
def _save_poll(form, space, user):
    poll = form.save(commit=False)
    poll.space = space.original()
    poll.created_by = user
    poll.save()
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, sort_order=number)
        for number, label in enumerate(form.cleaned_data["options"])
    )
    return poll


@space_view(lead_only=True)
@require_POST
def poll_close(request, space, poll_id):
    poll = get_object_or_404(Poll, pk=poll_id, space=space.original())
    polls.close_now(poll)
    messages.success(
        request, _("De peiling is gesloten. Iedereen in de werkgroep ziet de uitslag.")
    )
    return redirect(_detail_url(space, poll))
