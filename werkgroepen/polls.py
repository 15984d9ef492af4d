"""Answering a poll and counting its answers.

One answer per member or invitation link is enforced by the database (unique
constraints on ``PollBallot``): two answers sent at the same moment cannot both count.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from werkgroepen.models import Poll, PollBallot, PollOption


class NotAccepted(Exception):
    """The answer is not counted; the message says why, in plain words."""


def cast(poll, option, *, user=None, invitation=None):
    """Count ``option`` for the member ``user`` or the link ``invitation``."""
    if not poll.is_open():
        raise NotAccepted(_("Deze peiling is gesloten. Je kan niet meer antwoorden."))
    if option is None or option.poll_id != poll.pk:
        raise NotAccepted(_("Kies een van de antwoorden."))
    try:
        with transaction.atomic():
            PollBallot.objects.create(
                poll=poll,
                user=user,
                invitation=invitation,
                option=None if poll.is_anonymous else option,
            )
            if poll.is_anonymous:
                PollOption.objects.filter(pk=option.pk).update(
                    anonymous_votes=F("anonymous_votes") + 1
                )
    except IntegrityError:
        raise NotAccepted(_("Je hebt deze peiling al beantwoord.")) from None


def has_answered(poll, user):
    return user.is_authenticated and PollBallot.objects.filter(poll=poll, user=user).exists()


def answered_ids(polls, user):
    """The ids of the polls among ``polls`` that ``user`` answered."""
    if not user.is_authenticated:
        return set()
    return set(
        PollBallot.objects.filter(poll__in=polls, user=user).values_list("poll_id", flat=True)
    )


def results(poll, with_names=False):
    """``(rows, total)``: per option its label, votes and percentage (and, for a named
    poll when ``with_names``, who chose it)."""
    options = list(poll.options.annotate(named=Count("ballots")))
    rows = []
    total = sum(option.anonymous_votes + option.named for option in options)
    for option in options:
        votes = option.anonymous_votes + option.named
        rows.append(
            {
                "option": option,
                "votes": votes,
                "percent": round(100 * votes / total) if total else 0,
                "names": _names(option) if with_names and not poll.is_anonymous else [],
            }
        )
    return rows, total


def _names(option):
    names = []
    for ballot in option.ballots.select_related("user", "invitation").order_by("pk"):
        if ballot.user_id:
            names.append(ballot.user.get_full_name() or ballot.user.get_username())
        else:
            names.append(ballot.invitation.name or _("een deelnemer"))
    return names


def turnout(poll):
    """How many answered: every answer is counted on an option, also after the
    ballots of a closed poll were removed at the end of its retention period
    (werkgroepen.retention)."""
    return results(poll)[1]


def of_space(space):
    """``(open, upcoming, closed)`` polls of the space."""
    now = timezone.now()
    polls = Poll.objects.filter(space=space.original()).prefetch_related("options")
    return (
        list(polls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")),
        list(polls.filter(opens_at__gt=now).order_by("opens_at")),
        list(polls.filter(closes_at__lte=now).order_by("-closes_at")[:20]),
    )


def open_for_invitations(space):
    """Polls a lead may make a link for: open now or opening later."""
    return Poll.objects.filter(space=space.original(), closes_at__gt=timezone.now())


def close_now(poll):
    """Close the poll at once (a poll that had not opened yet closes unanswered)."""
    now = timezone.now()
    if poll.closes_at > now:
        poll.opens_at = min(poll.opens_at, now - timezone.timedelta(microseconds=1))
        poll.closes_at = now
        poll.save(update_fields=["opens_at", "closes_at"])
