"""Background work of the working groups (django-tasks): announcement mails."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from werkgroepen import notifications

SUBJECTS = {
    notifications.MEETING: _("[%(space)s] Nieuwe vergadering: %(title)s"),
    notifications.MINUTES: _("[%(space)s] Verslag: %(title)s"),
    notifications.DOCUMENTS: _("[%(space)s] Nieuw in de documenten: %(title)s"),
}


def _context(kind, space, object_ids):
    from wagtail.documents import get_document_model

    from werkgroepen.models import MeetingPage

    if kind in (notifications.MEETING, notifications.MINUTES):
        meeting = MeetingPage.objects.live().child_of(space).filter(pk__in=object_ids).first()
        if meeting is None:
            return None
        return {
            "meeting": meeting,
            "title": meeting.title,
            "url": notifications.absolute_url(meeting.url or ""),
        }
    documents = list(
        get_document_model()
        .objects.filter(pk__in=object_ids, collection_id=space.collection_id, trashed_at=None)
        .order_by("title")
    )
    if not documents:
        return None
    title = (
        documents[0].title
        if len(documents) == 1
        else _("%(count)d documenten") % {"count": len(documents)}
    )
    return {
        "documents": documents,
        "title": title,
        "url": notifications.absolute_url(space.url + space.reverse_subpage("documents")),
    }


@task()
def send_announcement(kind, space_id, object_ids, actor_id=None):
    from werkgroepen.models import WorkingGroupPage

    space = WorkingGroupPage.objects.live().filter(pk=space_id).first()
    if space is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(kind, space, object_ids)
        if context is None:
            return 0
        context.update(
            {
                "space": space,
                "kind": kind,
                "space_url": notifications.absolute_url(space.url or ""),
                "preferences_url": notifications.absolute_url(reverse("werkgroepen:preferences")),
            }
        )
        subject = notifications.one_line(
            SUBJECTS[kind] % {"space": space.title, "title": context["title"]}
        )
        messages = []
        for user in notifications.recipients(space, kind, actor_id):
            personal = {**context, "recipient": user}
            text = render_to_string(f"werkgroepen/email/{kind}.txt", personal)
            html = render_to_string(f"werkgroepen/email/{kind}.html", personal)
            message = EmailMultiAlternatives(subject, text, to=[user.email])
            message.attach_alternative(html, "text/html")
            messages.append(message)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
