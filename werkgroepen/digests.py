"""Daily and weekly digests: one mail per member with what is new in their spaces.

- Who: active members with an address who chose a daily or weekly digest
  (``MemberProfile.digest``) and whose last digest is old enough (``due_profiles``).
  Members who chose "each" get the per-event mails (``notifications``) instead.
- What: per space the member may open now (``access.privacy``, the test of
  ``WorkingGroupPage.can_view``), what came since their last digest: documents
  (through ``space.documents(user)``: no trash, nothing they may not download),
  published or changed meetings (live, viewable), comments of others on those
  meetings and documents, polls that opened or closed, new actions and actions for
  them. Every item links to where it lives in the space.
- How: in the member's mail language, one message per member, text and HTML. No mail
  when nothing is new; the clock (``digest_sent_at``) moves on all the same, and only
  after a successful send when there is a mail.

``manage.py send_digests`` runs it (daily); tests pass ``now``.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from access.privacy import viewable_pages
from core.mail import mail_language_of
from werkgroepen.models import (
    Action,
    Comment,
    MeetingPage,
    MemberProfile,
    Poll,
    WorkingGroupPage,
)
from werkgroepen.notifications import absolute_url, one_line

logger = logging.getLogger(__name__)

DAILY, WEEKLY = MemberProfile.Digest.DAILY, MemberProfile.Digest.WEEKLY
# A little less than a day or a week, so a run at 07:00 that started a few minutes
# late yesterday still sends today.
GAP = {DAILY: timedelta(hours=20), WEEKLY: timedelta(days=6, hours=12)}
# What a first digest looks back on.
FIRST_WINDOW = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}
# Never further back than this (after weeks without a run, say).
LONGEST_WINDOW = timedelta(days=31)
KINDS = ("documents", "meetings", "comments", "polls", "actions")
# Lines per kind and space in the mail; the rest is "and N more" with the space's link.
LIMIT = 10
SUBJECTS = {
    DAILY: _("Nieuw in je werkgroepen: je overzicht van de dag"),
    WEEKLY: _("Nieuw in je werkgroepen: je overzicht van de week"),
}


@dataclass
class Item:
    """One line of the digest: the object, where to see it, and what happened to it
    (``new``, ``changed``, ``open``, ``closed``, ``yours``)."""

    object: object
    url: str
    state: str = "new"
    # Comments: a short piece of the text, and the title of what it is about.
    excerpt: str = ""
    about: str = ""


@dataclass
class SpaceNews:
    space: WorkingGroupPage
    url: str
    documents: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    polls: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def counts(self):
        return {kind: len(getattr(self, kind)) for kind in KINDS}

    def __bool__(self):
        return any(self.counts().values())

    @property
    def more(self):
        """{kind: how many items the mail leaves out}."""
        return {kind: max(0, count - LIMIT) for kind, count in self.counts().items()}


@dataclass
class Digest:
    profile: MemberProfile
    language: str
    since: object
    until: object
    spaces: list

    @property
    def user(self):
        return self.profile.user

    def counts(self):
        totals = dict.fromkeys(KINDS, 0)
        for news in self.spaces:
            for kind, count in news.counts().items():
                totals[kind] += count
        return totals

    def __bool__(self):
        return bool(self.spaces)


@dataclass
class Outcome:
    """What happened for one member: ``sent``, ``would_send``, ``nothing`` or
    ``failed`` (with the error)."""

    digest: Digest
    status: str
    error: str = ""


# --- who and since when ---------------------------------------------------------------


def due_profiles(now):
    """Profiles of active members with an address whose daily or weekly digest is due."""
    due = Q(digest_sent_at__isnull=True)
    for choice, gap in GAP.items():
        due |= Q(digest=choice, digest_sent_at__lte=now - gap)
    return (
        MemberProfile.objects.filter(digest__in=list(GAP), user__is_active=True)
        .exclude(user__email="")
        .filter(due)
        .select_related("user")
        .order_by("pk")
    )


def window(profile, now):
    """(since, until) of the digest: from the last one, or the first window back."""
    since = profile.digest_sent_at or now - FIRST_WINDOW[profile.digest]
    return max(since, now - LONGEST_WINDOW), now


# --- what is new ------------------------------------------------------------------------


def collect(user, since, until, language=None):
    """[SpaceNews] of every space ``user`` may open with something new in
    (since, until], by space title. A space and its translations are one space,
    shown in ``language`` where it has it."""
    news = []
    for space, pages in _spaces(user, language):
        space_news = _space_news(user, space, pages, since, until)
        if space_news:
            news.append(space_news)
    return news


def _spaces(user, language):
    """[(the space to show, all its live pages the user may open)]."""
    sets = {}
    spaces = viewable_pages(user, WorkingGroupPage.objects.live()).select_related("locale")
    for space in spaces.order_by("title", "pk"):
        sets.setdefault(space.translation_key, []).append(space)
    return [(_shown(pages, language), pages) for pages in sets.values()]


def _shown(pages, language):
    for code in (language, Locale.get_default().language_code):
        for page in pages:
            if page.locale.language_code == code:
                return page
    return pages[0]


def _space_news(user, space, pages, since, until):
    ids = [page.pk for page in pages]
    meetings = _meetings_of(user, pages)
    documents = space.documents(user)
    return SpaceNews(
        space=space,
        url=absolute_url(space.url or ""),
        documents=_documents(user, space, documents, since, until),
        meetings=_meetings(space, meetings, since, until),
        comments=_comments(user, space, ids, meetings, documents, since, until),
        polls=_polls(user, space, ids, since, until),
        actions=_actions(user, space, ids, since, until),
    )


def _in_window(name, since, until):
    return Q(**{f"{name}__gt": since, f"{name}__lte": until})


def _subpage_url(space, *routes):
    """The address of the first of the space's routes, ``(name, args)``, that exists,
    or of the space itself."""
    for name, args in routes:
        try:
            return absolute_url((space.url or "") + space.reverse_subpage(name, args=args))
        except NoReverseMatch:
            continue
    return absolute_url(space.url or "")


def _documents(user, space, documents, since, until):
    """Documents others added (their own upload is no news to anyone)."""
    found = (
        documents.filter(_in_window("created_at", since, until))
        .exclude(uploaded_by_user=user)
        .order_by("title", "pk")
    )
    return [Item(doc, _subpage_url(space, ("document_detail", [doc.pk]))) for doc in found]


def _meetings_of(user, pages):
    """Live meetings of the space (not aliases of another space's) the user may open."""
    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path, depth=page.depth + 1)
    queryset = MeetingPage.objects.live().filter(below, alias_of__isnull=True)
    return viewable_pages(user, queryset)


def _meetings(space, meetings, since, until):
    """Published or changed in the window; one page per translation set, in the
    space's language where there is one."""
    chosen = {}
    for meeting in meetings.filter(_in_window("last_published_at", since, until)):
        kept = chosen.get(meeting.translation_key)
        if kept is None or meeting.locale_id == space.locale_id:
            chosen[meeting.translation_key] = meeting
    items = [
        Item(
            meeting,
            absolute_url(meeting.url or ""),
            "new"
            if meeting.first_published_at and meeting.first_published_at > since
            else "changed",
        )
        for meeting in chosen.values()
    ]
    return sorted(items, key=lambda item: (item.object.start, item.object.pk))


def _comments(user, space, ids, meetings, documents, since, until):
    """Others' comments on the meetings and documents the user may open."""
    found = (
        Comment.objects.filter(space_id__in=ids)
        .filter(_in_window("created_at", since, until))
        .filter(Q(meeting__in=meetings.values("pk")) | Q(document__in=documents.values("pk")))
        .exclude(author=user)
        .select_related("author", "meeting", "document")
        .order_by("created_at", "pk")
    )
    items = []
    for comment in found:
        if comment.meeting_id:
            about, url = comment.meeting.title, absolute_url(comment.meeting.url or "")
        else:
            about = comment.document.title
            url = _subpage_url(space, ("document_detail", [comment.document_id]))
        items.append(Item(comment, url, excerpt=_excerpt(comment.text), about=about))
    return items


def _excerpt(text, limit=80):
    line = one_line(text, limit + 1)
    return line if len(line) <= limit else line[:limit].rstrip() + "…"


def _polls(user, space, ids, since, until):
    """Polls others opened (still open) and every poll that closed in the window."""
    opened = _in_window("opens_at", since, until) & Q(closes_at__gt=until) & ~Q(created_by=user)
    closed = _in_window("closes_at", since, until)
    found = Poll.objects.filter(space_id__in=ids).filter(opened | closed).order_by("closes_at")
    return [
        Item(
            poll,
            _subpage_url(space, ("poll_detail", [poll.pk]), ("polls", [])),
            "closed" if poll.closes_at <= until else "open",
        )
        for poll in found
    ]


def _actions(user, space, ids, since, until):
    """Actions others made in the window, and open actions of the user's that
    changed in it (assigned, a new date)."""
    new = _in_window("created_at", since, until) & ~Q(created_by=user)
    yours = (
        _in_window("updated_at", since, until)
        & Q(owner=user, status__in=Action.OPEN_STATUSES)
        & ~Q(created_by=user, owner=user)
    )
    found = Action.objects.filter(space_id__in=ids).filter(new | yours).select_related("owner")
    items = [
        Item(
            action,
            _subpage_url(space, ("action_detail", [action.pk]), ("actions", [])),
            "yours" if action.owner_id == user.pk else "new",
        )
        for action in found
    ]
    # Yours first.
    return sorted(items, key=lambda item: item.state != "yours")


# --- the mail ---------------------------------------------------------------------------


def build(profile, language, now):
    """The digest for ``profile`` (empty when nothing is new), in ``language``."""
    since, until = window(profile, now)
    with translation.override(language):
        spaces = collect(profile.user, since, until, language)
    return Digest(profile=profile, language=language, since=since, until=until, spaces=spaces)


def message(digest):
    """The mail of a (non-empty) digest, text and HTML, in the member's language."""
    with translation.override(digest.language):
        context = {
            "recipient": digest.user,
            "digest": digest,
            "spaces": digest.spaces,
            "since": digest.since,
            "weekly": digest.profile.digest == WEEKLY,
            "preferences_url": absolute_url(reverse("werkgroepen:preferences")),
        }
        subject = one_line(SUBJECTS[digest.profile.digest])
        # The text template is written for reading; blank lines of empty parts go.
        text = re.sub(
            r"(\n[ \t]*){3,}", "\n\n", render_to_string("werkgroepen/email/digest.txt", context)
        )
        html = render_to_string("werkgroepen/email/digest.html", context)
    mail = EmailMultiAlternatives(subject, text, to=[digest.user.email])
    mail.attach_alternative(html, "text/html")
    return mail


def mark_sent(profile, now):
    # Only this field: a member saving their settings meanwhile keeps their choices.
    MemberProfile.objects.filter(pk=profile.pk).update(digest_sent_at=now)


def run(now=None, dry_run=False):
    """Yield an ``Outcome`` per member whose digest is due. A failed send is reported
    and leaves the member's clock where it was (the next run tries again)."""
    now = now or timezone.now()
    profiles = list(due_profiles(now))
    languages = mail_language_of([profile.user for profile in profiles])
    for profile in profiles:
        yield _deliver(build(profile, languages[profile.user_id], now), now, dry_run)


def _deliver(digest, now, dry_run):
    if dry_run:
        return Outcome(digest, "would_send" if digest else "nothing")
    if digest:
        try:
            message(digest).send()
        except Exception as error:  # any backend's error: the other members still get theirs
            logger.warning("Digest for user %s not sent: %r", digest.user.pk, error)
            return Outcome(digest, "failed", error=f"{type(error).__name__}: {error}")
    mark_sent(digest.profile, now)
    return Outcome(digest, "sent" if digest else "nothing")
