"""Background work of the working groups (django-tasks): announcement mails."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.documents import get_document_model

from core.mail import mail_language_of
from werkgroepen import actions, notifications
from werkgroepen.models import MeetingPage, WorkingGroupPage

SUBJECTS = {
    notifications.MEETING: _("[%(space)s] Nieuwe vergadering: %(title)s"),
    notifications.MINUTES: _("[%(space)s] Verslag: %(title)s"),
    notifications.DOCUMENTS: _("[%(space)s] Nieuw in de documenten: %(title)s"),
}


def _context(kind, space, object_ids):
    """What the announcement is about, read once for every language it goes out in:
    the meeting or the documents, and the address to see them."""

    if kind in (notifications.MEETING, notifications.MINUTES):
        meeting = MeetingPage.objects.live().child_of(space).filter(pk__in=object_ids).first()
        if meeting is None:
            return None
        return {"meeting": meeting, "url": notifications.absolute_url(meeting.url or "")}
    documents = list(
        get_document_model()
        .objects.filter(pk__in=object_ids, collection_id=space.collection_id, trashed_at=None)
        .order_by("title")
    )
    if not documents:
        return None
    return {
        "documents": documents,
        "url": notifications.absolute_url(space.url + space.reverse_subpage("documents")),
    }


def _title(context):
    """The announcement's title in the active language (a count of documents is said
    in it; what members wrote stays as written)."""
    if "meeting" in context:
        return context["meeting"].title
    documents = context["documents"]
    if len(documents) == 1:
        return documents[0].title
    return _("%(count)d documenten") % {"count": len(documents)}


@task()
def send_announcement(kind, space_id, object_ids, actor_id=None):
    space = WorkingGroupPage.objects.live().filter(pk=space_id).first()
    if space is None:
        return 0
    context = _context(kind, space, object_ids)
    if context is None:
        return 0
    context.update(
        {
            "space": space,
            "kind": kind,
            "space_url": notifications.absolute_url(space.url or ""),
        }
    )
    users = list(notifications.recipients(space, kind, actor_id))
    languages = mail_language_of(users)
    by_language = {}
    for user in users:
        by_language.setdefault(languages[user.pk], []).append(user)
    messages = []
    for language, readers in by_language.items():
        # Each reader gets the mail in the language of their choice (MemberProfile).
        with translation.override(language):
            messages.extend(_messages(kind, context, readers))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _messages(kind, context, readers):
    """The mails to ``readers``, in the active language."""
    title = _title(context)
    context = {
        **context,
        "title": title,
        # The settings page in the reader's language (/fr/…).
        "preferences_url": notifications.absolute_url(reverse("werkgroepen:preferences")),
    }
    subject = notifications.one_line(
        SUBJECTS[kind] % {"space": context["space"].title, "title": title}
    )
    messages = []
    for user in readers:
        personal = {**context, "recipient": user}
        text = render_to_string(f"werkgroepen/email/{kind}.txt", personal)
        html = render_to_string(f"werkgroepen/email/{kind}.html", personal)
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


@task()
def send_action_assigned(action_id, owner_id):
    """The mail to the new owner of an action (werkgroepen.actions)."""
    return actions.send_assigned(action_id, owner_id)


@task()
def make_document_preview(document_id):
    """Bring a document's preview (PDF for the browser) up to date: ``previews``."""
    from werkgroepen import previews

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    return previews.make_preview(document)


@task()
def send_mentions(comment_id, user_ids):
    """Mail the people a comment mentions (``werkgroepen.comments``)."""
    from werkgroepen.comments import send_mention_mails

    return send_mention_mails(comment_id, user_ids)
