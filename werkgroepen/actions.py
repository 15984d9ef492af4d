"""Mail about actions: to the owner when an action is assigned to them, and a reminder
the day before it is due (``manage.py send_action_reminders``, daily).

- Only ever to the action's owner, and only while the owner is an active member (or
  lead) of the action's space, has an address and did not choose "no mails"
  (``MemberProfile.digest``).
- In the owner's mail language (``core.mail.mail_language_of``); text and HTML from
  templates/werkgroepen/email/action_*.
- The assignment mail is sent by a django-tasks task once the transaction commits,
  never to someone who assigned the action to themselves.
- A reminder goes out once per due date (``Action.reminded_for``): a new due date
  gets a new reminder.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.mail import mail_language_of
from werkgroepen import notifications
from werkgroepen.models import Action, MemberProfile

ASSIGNED, REMINDER = "action_assigned", "action_reminder"
SUBJECTS = {
    ASSIGNED: _("[%(space)s] Een actie voor jou: %(title)s"),
    REMINDER: _("[%(space)s] Herinnering, morgen: %(title)s"),
}


def assigned(action, previous_owner_id, actor):
    """Queue the assignment mail when ``action`` (just saved) got an owner it did not
    have before, unless ``actor`` gave it to themselves."""
    if notifications.is_suppressed() or not action.owner_id:
        return
    if action.owner_id == previous_owner_id:
        return
    if actor is not None and action.owner_id == actor.pk:
        return
    from werkgroepen.tasks import send_action_assigned

    args = (action.pk, action.owner_id)
    transaction.on_commit(lambda: send_action_assigned.enqueue(*args))


def mailable(actions):
    """The ``actions`` whose owner may get mail about them: an active member or lead of
    the action's (published) space, with an address, who did not turn mails off."""
    in_space = get_user_model().groups.through.objects.filter(
        Q(group_id=OuterRef("space__member_group_id"))
        | Q(group_id=OuterRef("space__lead_group_id")),
        user_id=OuterRef("owner_id"),
    )
    no_mail = MemberProfile.objects.filter(digest=MemberProfile.Digest.NONE).values("user_id")
    return (
        actions.filter(Exists(in_space), owner__is_active=True, space__live=True)
        .exclude(owner__email="")
        .exclude(owner_id__in=no_mail)
        .select_related("owner", "space")
    )


def local_today():
    """Today in the portal's time zone (``TIME_ZONE``, Europe/Brussels), whatever the
    server's clock says."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def reminders_due(today=None):
    """The open actions due tomorrow whose owner was not yet reminded of that date."""
    tomorrow = (today or local_today()) + timedelta(days=1)
    actions = (
        Action.objects.filter(due_on=tomorrow, status__in=Action.OPEN_STATUSES)
        .exclude(reminded_for=tomorrow)
        .order_by("space_id", "pk")
    )
    return mailable(actions)


def message(kind, action):
    """The mail about ``action`` to its owner, in the owner's mail language."""
    owner = action.owner
    with translation.override(mail_language_of([owner])[owner.pk]):
        return _message(kind, action, owner)


def _message(kind, action, owner):
    space = action.space
    context = {
        "action": action,
        "space": space,
        "recipient": owner,
        "status": action.get_status_display(),
        "url": notifications.absolute_url(
            space.url + space.reverse_subpage("action_detail", args=[action.pk])
        ),
        "preferences_url": notifications.absolute_url(reverse("werkgroepen:preferences")),
    }
    subject = notifications.one_line(SUBJECTS[kind] % {"space": space.title, "title": action.title})
    text = render_to_string(f"werkgroepen/email/{kind}.txt", context)
    html = render_to_string(f"werkgroepen/email/{kind}.html", context)
    mail = EmailMultiAlternatives(subject, text, to=[owner.email])
    mail.attach_alternative(html, "text/html")
    return mail


def send_assigned(action_id, owner_id):
    """Send the assignment mail, if the action still has that owner and they may get
    it. Returns the number of mails sent (0 or 1)."""
    action = mailable(Action.objects.filter(pk=action_id, owner_id=owner_id)).first()
    if action is None:
        return 0
    return get_connection().send_messages([message(ASSIGNED, action)]) or 0


def send_reminder(action):
    """Claim the reminder for ``action``'s due date, then send it. Returns whether it
    went out: False when another run claimed it first. A mail that fails is released
    again, so the next run tries once more, and the error is raised."""
    claimed = (
        Action.objects.filter(pk=action.pk)
        .exclude(reminded_for=action.due_on)
        .update(reminded_for=action.due_on)
    )
    if not claimed:
        return False
    try:
        get_connection().send_messages([message(REMINDER, action)])
    except Exception:
        Action.objects.filter(pk=action.pk).update(reminded_for=action.reminded_for)
        raise
    return True
