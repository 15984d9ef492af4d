"""Mail to a space's members: a meeting is planned, minutes are published, documents
are added.

- One message per recipient (nobody sees the other members' addresses).
- Only members and leads of the space, with an address, who want a mail per event
  (``MemberProfile.digest``, the default) and did not turn the kind of mail off, never
  the person who caused it. Digest readers get it in ``werkgroepen.digests``.
- Text and HTML bodies come from templates; the HTML one autoescapes what members
  typed (titles, places), the subject loses line breaks.
- Sent through Django's mail settings by a django-tasks task after the transaction
  commits; ``suppressed()`` turns announcements off (the demo loader uses it).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import Q

_suppressed = ContextVar("werkgroepen_notifications_suppressed", default=False)

MEETING, MINUTES, DOCUMENTS = "meeting", "minutes", "documents"
PREFERENCE_FIELD = {
    MEETING: "notify_meetings",
    MINUTES: "notify_minutes",
    DOCUMENTS: "notify_documents",
}


@contextmanager
def suppressed():
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed():
    return _suppressed.get()


def announce(kind, space, object_ids, actor=None):
    """Queue the announcement; it is sent once the current transaction commits."""
    if is_suppressed() or space is None or not object_ids:
        return
    from werkgroepen.tasks import send_announcement

    args = (kind, space.pk, [int(pk) for pk in object_ids], actor.pk if actor else None)
    transaction.on_commit(lambda: send_announcement.enqueue(*args))


def recipients(space, kind, actor_id=None):
    from werkgroepen.models import MemberProfile

    # Off for this kind, or reading everything in a daily or weekly digest (or not at all).
    opted_out = MemberProfile.objects.filter(
        Q(**{PREFERENCE_FIELD[kind]: False}) | ~Q(digest=MemberProfile.Digest.EACH)
    ).values("user_id")
    users = space.members().exclude(email="").exclude(pk__in=opted_out)
    if actor_id:
        users = users.exclude(pk=actor_id)
    return users


def absolute_url(path):
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def one_line(text, limit=150):
    return " ".join(str(text).split())[:limit]
