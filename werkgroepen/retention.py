"""Retention: how long a space keeps what, what is due, and removing it.

Each space keeps four kinds of things for a number of days (``SpacePrivacy.days``: the
space's own choice, set by a coordinator in the admin, else ``PORTAL_RETENTION_DAYS``).
The clock of each kind:

- **input** (``InputItem``): days since the item was last worked on, the later of its
  own last change (``updated_at``) and the last change of an action taken on it. Its
  status does not matter: an item nobody touched for years goes, open or not. But an
  item with an open action (to do, busy) is never removed: the group still works on
  it. Once its actions are done or dropped, the clock counts from that last change.
  The item goes with its translations, its attachment (the file, after the commit),
  wagtail-localize's copy of it for translators and Wagtail's history entries of its
  edits in the admin (their labels hold its words). Public words go too: the public
  feedback page shows what is still kept. Items whose space was deleted keep the
  portal's default.
- **comments** (``Comment``): days since the comment was written or last edited.
- **poll_answers** (``PollBallot``): days since the poll closed. Only the ballots go
  (who answered and, in a named poll, what they chose); the poll, its options and its
  counts stay: the votes of a named poll are added to the option's anonymous count
  first, so the results read the same, without names.
- **trash** (documents in a space's trash): days since the document was trashed,
  removed through the trash purge (``werkgroepen.documents.purge``) so the file, its
  earlier versions, its renditions and previews and its search entry go too.

Everything is removed through the models' own delete (``Model.delete`` and the
helpers the portal's views use), so signals clean the search index and the caches.
``manage.py retentie`` calls ``remove``; the coordinators' report ("Bewaartermijnen")
calls ``upcoming``.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale, ModelLogEntry
from wagtail_localize.models import TranslatableObject

from werkgroepen import accesslog, comments, documents
from werkgroepen.models import (
    Action,
    Comment,
    InputItem,
    PollBallot,
    PollOption,
    SpacePrivacy,
    WorkingGroupPage,
)
from werkgroepen.models.privacy import RETENTION_KINDS

KINDS = RETENTION_KINDS
KIND_LABELS = {
    "input": _("Inbreng"),
    "comments": _("Reacties"),
    "poll_answers": _("Antwoorden op peilingen"),
    "trash": _("Documenten in de prullenbak"),
}
# How an item is named in the report: its number, never its words.
ITEM_LABELS = {
    "input": _("Inbreng %(number)s"),
    "comments": _("Reactie %(number)s"),
    "poll_answers": _("Peiling %(number)s"),
    "trash": _("Document %(number)s"),
}
# The longest period a coordinator may choose: ten years.
MAX_DAYS = 3650


def in_words(days):
    """'3 jaar', '6 maanden', '2 weken', '45 dagen': plain words for a period."""
    if days and days % 365 == 0:
        count = days // 365
        return ngettext("%(count)d jaar", "%(count)d jaar", count) % {"count": count}
    if days and days % 30 == 0:
        count = days // 30
        return ngettext("%(count)d maand", "%(count)d maanden", count) % {"count": count}
    if days and days % 7 == 0:
        count = days // 7
        return ngettext("%(count)d week", "%(count)d weken", count) % {"count": count}
    return ngettext("%(count)d dag", "%(count)d dagen", days) % {"count": days}


# --- which spaces -------------------------------------------------------------------


def spaces():
    """Every space once (its original, not its translations), by title; then ``None``
    for what belongs to no space any more (input of a deleted space, documents in the
    trash of an archived collection)."""
    found = {}
    for space in WorkingGroupPage.objects.order_by("title", "pk"):
        original = space.original()
        found.setdefault(original.pk, original)
    return [*found.values(), None]


def space_title(space):
    return space.title if space is not None else str(_("Zonder werkgroep"))


def privacy_of(space):
    """The space's settings; for ``None`` unsaved defaults (the portal's periods)."""
    return SpacePrivacy.of(space) if space is not None else SpacePrivacy()


# --- what is due --------------------------------------------------------------------


def _limit(days, at):
    return at - timezone.timedelta(days=days)


def _input(space, days, at):
    """Input items (in the default language) last worked on before the limit and
    without an open action, each with ``clock``."""
    last_action = (
        Action.objects.filter(input_item=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    open_action = Action.objects.filter(input_item=OuterRef("pk"), status__in=Action.OPEN_STATUSES)
    items = InputItem.objects.filter(locale=Locale.get_default())
    items = items.filter(space=space) if space is not None else items.filter(space__isnull=True)
    return (
        items.annotate(
            clock=Greatest(
                "updated_at",
                Coalesce(Subquery(last_action, output_field=DateTimeField()), "updated_at"),
            )
        )
        .filter(clock__lt=_limit(days, at))
        .exclude(Exists(open_action))
    )


def _comments(space, days, at):
    comments_ = Comment.objects.annotate(clock=Coalesce("edited_at", "created_at"))
    if space is None:
        return comments_.none()  # a comment goes with its space
    return comments_.filter(space=space, clock__lt=_limit(days, at))


def _ballots(space, days, at):
    ballots = PollBallot.objects.annotate(clock=F("poll__closes_at"))
    if space is None:
        return ballots.none()  # a poll goes with its space
    return ballots.filter(poll__space=space, clock__lt=_limit(days, at))


def _trash(space, days, at):
    """Documents due in the trash (``days`` is the space's, which ``purge_due`` reads
    itself: the trash has one rule, also for ``manage.py purge_document_trash``)."""
    if space is None:
        spaces_ = WorkingGroupPage.objects.exclude(collection__isnull=True)
        trashed = documents.purge_due(at).exclude(collection_id__in=spaces_.values("collection_id"))
    else:
        trashed = documents.purge_due(at, space)
    return trashed.annotate(clock=F("trashed_at"))


DUE = {"input": _input, "comments": _comments, "poll_answers": _ballots, "trash": _trash}


def due(space, kind, at=None):
    """What of ``kind`` in ``space`` is past due at ``at`` (now by default), each row
    with ``clock`` (when its period started)."""
    return DUE[kind](space, privacy_of(space).days(kind), at or timezone.now())


def counts(space, at=None):
    """{kind: how many are past due} for ``space``."""
    return {kind: due(space, kind, at).count() for kind in KINDS}


# --- removing -----------------------------------------------------------------------


def _remove_input(items):
    count = 0
    content_type = ContentType.objects.get_for_model(InputItem)
    for item in items:
        key = item.translation_key
        rows = list(InputItem.objects.filter(translation_key=key))
        for row in rows:
            _remove_attachment_later(row)
            # Wagtail's history of the admin's edits: its labels hold the item's words.
            # The access log's own entries ("Inbreng 12", no words) stay for their time.
            ModelLogEntry.objects.filter(content_type=content_type, object_id=str(row.pk)).exclude(
                action__in=accesslog.ACTIONS
            ).delete()
            row.delete()
        TranslatableObject.objects.filter(translation_key=key).delete()
        count += 1
    return count


def _remove_attachment_later(item):
    if not item.attachment:
        return
    storage, name = item.attachment.storage, item.attachment.name
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def _remove_comments(queryset):
    count = 0
    for comment in queryset.select_related("meeting", "document"):
        comments.delete(comment)
        count += 1
    return count


def _remove_ballots(queryset):
    """Delete the ballots; the votes of a named poll stay as counts on their option."""
    ballots = list(queryset)
    named = defaultdict(int)
    for ballot in ballots:
        if ballot.option_id:
            named[ballot.option_id] += 1
    for option_id, votes in named.items():
        PollOption.objects.filter(pk=option_id).update(anonymous_votes=F("anonymous_votes") + votes)
    PollBallot.objects.filter(pk__in=[ballot.pk for ballot in ballots]).delete()
    return len(ballots)


def _remove_trash(space, at):
    if space is not None:
        return documents.purge(at, space)
    count = 0
    for document in due(None, "trash", at):
        with documents.purging():
            document.delete()
        count += 1
    return count


def remove(space, at=None):
    """Remove what is past due in ``space``, in one transaction: all of it or, on a
    failure, none of it. Returns {kind: count}."""
    at = at or timezone.now()
    with transaction.atomic():
        return {
            "input": _remove_input(due(space, "input", at)),
            "comments": _remove_comments(due(space, "comments", at)),
            "poll_answers": _remove_ballots(due(space, "poll_answers", at)),
            "trash": _remove_trash(space, at),
        }


# --- what comes next (the coordinators' report) --------------------------------------


def _number(kind, row):
    return row.poll_id if kind == "poll_answers" else row.pk


def upcoming(days=30, now=None):
    """What goes within ``days`` days: one row per space, kind and day, with the
    count and the items' numbers (never their words), soonest first. What is past
    due already goes at the next run: its day is today."""
    now = now or timezone.now()
    until = now + timezone.timedelta(days=days)
    rows = []
    for space in spaces():
        privacy = privacy_of(space)
        for kind in KINDS:
            period = timezone.timedelta(days=privacy.days(kind))
            by_day = defaultdict(list)
            for row in DUE[kind](space, privacy.days(kind), until).order_by("clock", "pk"):
                goes = max(row.clock + period, now)
                by_day[timezone.localdate(goes)].append(_number(kind, row))
            rows.extend(_rows(space, kind, by_day))
    return sorted(rows, key=lambda row: (row["date"], row["space"].lower(), row["kind"]))


def _rows(space, kind, by_day):
    for day, numbers in sorted(by_day.items()):
        distinct = sorted(set(numbers))
        items = [_item(kind, number, numbers.count(number)) for number in distinct]
        yield {
            "date": day,
            "space": space_title(space),
            "kind": kind,
            "kind_label": str(KIND_LABELS[kind]),
            "count": len(numbers),
            "items": ", ".join(items),
        }


def _item(kind, number, count):
    """'Inbreng 12'; for a poll 'Peiling 3 (12 antwoorden)'."""
    label = str(ITEM_LABELS[kind] % {"number": number})
    if kind != "poll_answers":
        return label
    answers = ngettext("%(count)d antwoord", "%(count)d antwoorden", count) % {"count": count}
    return f"{label} ({answers})"


def summary(space):
    """[(kind label, period in words)] of ``space``, for its leads' page."""
    privacy = privacy_of(space)
    return [(KIND_LABELS[kind], in_words(privacy.days(kind))) for kind in KINDS]
