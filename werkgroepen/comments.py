"""Conversations: where a comment lives, how its text is shown, who its mentions mail,
and how comments are found in the site search.

- A comment on a meeting lives on the meeting in the default locale (translations of
  a meeting share its ``translation_key``, and show the same thread); its ``space`` is
  the space in the default locale too.
- The text is plain: escaped, line breaks kept, http(s) links made clickable. Nothing
  in it is treated differently because of who it names: a mention of someone outside
  the space looks like any other text and sends nothing.
- ``@username`` (or ``@Firstname``, when one member of the space has that first
  name) mails that person a short notice, once per comment, after the commit, if they
  may open the space, are active, are not the author and did not choose "no mails".
- Members find comments in the search (``search.api.ATTACHED_TEXTS_HOOK``): a comment
  is indexed with its meeting or document, so only who may open that finds it.
"""

import copy
import re

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Locale

from core.cache import versioned
from core.languages import is_default_locale
from core.mail import mail_language_of
from search.api import AttachedText, index_later
from werkgroepen import notifications
from werkgroepen.models import Comment, MeetingPage, MemberProfile

# "@" not preceded by a word character (so not an e-mail address), then a name.
MENTION_RE = re.compile(r"(?<![\w@])@(\w[\w.+-]*)")
# More names than this in one comment are not looked up (nobody mentions 30 people).
MAX_MENTIONS = 30
TITLE_CHARS = 90


# --- where a comment lives ----------------------------------------------------------


def thread_space(space):
    return space.original()


def thread_meeting(meeting):
    """The meeting in the default language: its translations share its thread."""
    if is_default_locale(meeting.locale_id):
        return meeting
    return meeting.get_translation_or_none(Locale.get_default()) or meeting


def comments_on(*, meeting=None, document=None):
    """The comments of a meeting (of any locale) or a document, oldest first."""
    if meeting is not None:
        queryset = Comment.objects.filter(meeting=thread_meeting(meeting))
    else:
        queryset = Comment.objects.filter(document=document)
    return queryset.select_related("author")


def thread_url(comment, space, anchor="comments"):
    """The address of the comment's thread as seen from ``space`` (in its language)."""
    if comment.meeting_id:
        meeting = comment.meeting.get_translation_or_none(space.locale_id) or comment.meeting
        base = meeting.url or ""
    else:
        base = (space.url or "") + space.reverse_subpage(
            "document_detail", args=[comment.document_id]
        )
    return f"{base}#{anchor}"


# --- the text -------------------------------------------------------------------------


def render_text(text):
    """The comment as HTML: escaped, links clickable, line breaks kept."""
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    # The text is escaped, so this attribute can only come from urlize itself.
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308 -- escaped above


def author_name(user):
    if user is None:
        return _("een gewezen lid")
    return user.get_full_name() or user.get_username()


def _tokens(text):
    tokens = []
    for match in MENTION_RE.finditer(text):
        token = match.group(1)
        # "@nadia." at the end of a sentence; "@lid-test" keeps its hyphen.
        tokens.extend(dict.fromkeys([token, token.rstrip(".-+")]))
        if len(tokens) >= MAX_MENTIONS * 2:
            break
    return [token for token in tokens if token]


def mentioned(text, space):
    """{user id: user} of the people ``text`` mentions who may open ``space``: its
    members by user name or (if only one member has it) first name, and anyone else
    who may open the space by exact user name (the coordinator)."""
    tokens = _tokens(text)
    if not tokens:
        return {}
    members = list(space.members())
    by_username = {user.username.casefold(): user for user in members}
    by_first_name = {}
    for user in members:
        if user.first_name:
            by_first_name.setdefault(user.first_name.casefold(), []).append(user)
    found = {}
    for token in tokens:
        key = token.casefold()
        same_name = by_first_name.get(key, [])
        user = by_username.get(key) or (same_name[0] if len(same_name) == 1 else None)
        if user is not None:
            found[user.pk] = user
    others = get_user_model().objects.filter(username__in=tokens, is_active=True)
    for user in others.exclude(pk__in=list(found)):
        if space.can_view(user):
            found[user.pk] = user
    return found


# --- saving ---------------------------------------------------------------------------


def _after_change(comment, space, newly_mentioned, author):
    index_later(comment.meeting if comment.meeting_id else comment.document)
    ids = sorted(pk for pk in newly_mentioned if pk != author.pk)
    if not ids or notifications.is_suppressed():
        return
    from werkgroepen.tasks import send_mentions

    transaction.on_commit(lambda: send_mentions.enqueue(comment.pk, ids))


def add(space, author, text, *, meeting=None, document=None):
    """A new comment on ``meeting`` (any locale) or ``document`` of ``space``."""
    comment = Comment.objects.create(
        space=thread_space(space),
        meeting=thread_meeting(meeting) if meeting is not None else None,
        document=document,
        author=author,
        text=text,
    )
    _after_change(comment, space, mentioned(text, space), author)
    return comment


def edit(comment, space, text):
    """Change the text; only people mentioned for the first time are mailed."""
    before = mentioned(comment.text, space)
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    after = mentioned(text, space)
    _after_change(comment, space, set(after) - set(before), comment.author)
    return comment


def delete(comment):
    target = comment.meeting if comment.meeting_id else comment.document
    comment.delete()
    index_later(target)


# --- who may do what ------------------------------------------------------------------


def may_edit(comment, user):
    """Only the author changes the words (leads moderate by deleting)."""
    return user.is_authenticated and comment.author_id == user.pk


def may_delete(comment, user, space):
    return may_edit(comment, user) or space.can_manage(user)


def is_open(document=None):
    """Whether a thread takes comments and is shown (never on a trashed document)."""
    return document is None or document.trashed_at is None


def _kept_thread(meeting, document):
    """The comments, kept until the content changes (a comment's save changes it):
    the same for everyone who may open the page. Each viewer gets copies, marked for
    them in ``thread``."""
    key = ("werkgroepen:thread", meeting.pk if meeting else None, document.pk if document else None)
    return versioned(key, lambda: list(comments_on(meeting=meeting, document=document)))


def thread(request, space, *, meeting=None, document=None, form=None):
    """What ``werkgroepen/comments/thread.html`` shows; None for a trashed document."""
    from werkgroepen.forms import CommentForm

    if not is_open(document):
        return None
    user = request.user
    manages = space.can_manage(user)
    comments = [copy.copy(comment) for comment in _kept_thread(meeting, document)]
    for comment in comments:
        comment.html = render_text(comment.text)
        comment.author_name = author_name(comment.author)
        comment.may_edit = may_edit(comment, user)
        comment.may_delete = comment.may_edit or manages
    if meeting is not None:
        action = space.url + space.reverse_subpage("comment_add_meeting", args=[meeting.pk])
    else:
        action = space.url + space.reverse_subpage("comment_add_document", args=[document.pk])
    return {
        "space": space,
        "comments": comments,
        "form": form or CommentForm(),
        "action": action,
    }


# --- mails ----------------------------------------------------------------------------


def _recipients(comment, user_ids):
    """The mentioned people who still may and want to get the mail."""
    space = comment.space
    no_mail = MemberProfile.objects.filter(digest=MemberProfile.Digest.NONE).values("user_id")
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .exclude(pk__in=no_mail)
    )
    if comment.author_id:
        users = users.exclude(pk=comment.author_id)
    return [user for user in users if space.can_view(user)]


def _where(comment):
    if comment.meeting_id:
        return comment.meeting.title
    return comment.document.title


def _url_in(comment, language):
    """The thread's address in ``language`` where the page is translated."""
    space = comment.space
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None:
        space = space.get_translation_or_none(locale) or space
    return notifications.absolute_url(thread_url(comment, space, f"comment-{comment.pk}"))


def send_mention_mails(comment_id, user_ids):
    """Mail each mentioned person of ``user_ids`` once (the task's work)."""
    comment = (
        Comment.objects.select_related("space", "meeting", "document", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or not comment.space.live:
        return 0
    if comment.document_id and not is_open(comment.document):
        return 0
    users = _recipients(comment, user_ids)
    languages = mail_language_of(users)
    messages = []
    for user in users:
        with translation.override(languages[user.pk]):
            messages.append(_message(comment, user, languages[user.pk]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _message(comment, user, language):
    context = {
        "space": comment.space,
        "recipient": user,
        "author": author_name(comment.author),
        "where": _where(comment),
        "on_meeting": bool(comment.meeting_id),
        "url": _url_in(comment, language),
        "preferences_url": notifications.absolute_url(reverse("werkgroepen:preferences")),
    }
    subject = notifications.one_line(
        _("[%(space)s] %(author)s noemde je in een reactie")
        % {"space": comment.space.title, "author": context["author"]}
    )
    text = render_to_string("werkgroepen/email/mention.txt", context)
    html = render_to_string("werkgroepen/email/mention.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


# --- search ---------------------------------------------------------------------------


def _title(text):
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 3].rsplit(" ", 1)[0] + "…"


def _commented():
    """(ids of meetings, ids of documents) with comments, kept under the content
    version (saving or deleting a comment changes it): indexing a page or a document
    without comments, nearly all of them, costs no query."""

    def compute():
        rows = Comment.objects.values_list("meeting_id", "document_id").distinct()
        return {m for m, _d in rows if m}, {d for _m, d in rows if d}

    return versioned(("werkgroepen:commented",), compute)


def search_texts(obj):
    """The comments on a meeting or a document, for the search index (registered
    under ``search.api.ATTACHED_TEXTS_HOOK``): found only by who may open them."""
    if isinstance(obj, MeetingPage) and obj.pk in _commented()[0]:
        comments = Comment.objects.filter(meeting=obj)
    elif (
        isinstance(obj, get_document_model())
        and obj.trashed_at is None
        and obj.pk in _commented()[1]
    ):
        comments = Comment.objects.filter(document=obj).select_related("space")
    else:
        return []
    texts = []
    for comment in comments:
        anchor = f"#comment-{comment.pk}"
        page, suffix = None, anchor
        if comment.document_id:
            page = comment.space
            detail = page.reverse_subpage("document_detail", args=[comment.document_id])
            suffix = detail + anchor if len(detail + anchor) <= 40 else detail
        texts.append(
            AttachedText(
                key=f"comment:{comment.pk}",
                kind="werkgroepen.comment",
                title=_title(comment.text),
                text=comment.text,
                date=comment.created_at,
                url_suffix=suffix,
                page=page,
            )
        )
    return texts
