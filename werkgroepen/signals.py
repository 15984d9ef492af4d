"""Signal handlers of the working groups.

- A space deleted: its documents are archived, its groups removed (``spaces``).
- A space's view restriction changed or deleted by anything but our own code (the
  admin's privacy dialog, a page copy): it is re-asserted after the commit.
- A document saved with a new file (front end or admin): text extraction is queued
  (``search.api.extract_text_later``); the task's own save, which only touches
  the extraction fields, queues nothing, so there is no loop.
- A document added to a space in the Wagtail admin: the members get a mail (the
  space's own upload form sends one mail per batch itself).
- A meeting published: "new meeting" and "minutes" mails, once each.
- A space's document deleted outside the trash purge (the admin's delete button):
  refused.
- An earlier version deleted: its file is removed from storage after the commit.
- A document saved with a new file: its preview for the browser is queued
  (``previews``); a document deleted: its previews are removed after the commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published

from search.api import EXTRACTION_FIELDS, extract_text_later
from werkgroepen import documents, notifications, previews, spaces
from werkgroepen.models import DocumentVersion, MeetingPage, NotificationLog, WorkingGroupPage

Document = get_document_model()


# --- spaces -----------------------------------------------------------------------


@receiver(post_delete, sender=WorkingGroupPage)
def archive_deleted_space(sender, instance, **kwargs):
    spaces.archive_space(instance)


def _repair_page_later(page_id):
    if spaces.is_managing() or not page_id:
        return
    if WorkingGroupPage.objects.filter(pk=page_id).exists():
        transaction.on_commit(lambda: spaces.repair(page_id))


def _repair_collection_later(collection_id):
    if spaces.is_managing() or not collection_id:
        return
    transaction.on_commit(lambda: spaces.repair_collection(collection_id))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_changed(sender, instance, **kwargs):
    _repair_page_later(instance.page_id)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def page_restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, PageViewRestriction):
        _repair_page_later(instance.page_id)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_restriction_changed(sender, instance, **kwargs):
    _repair_collection_later(instance.collection_id)


@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through)
def collection_restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, CollectionViewRestriction):
        _repair_collection_later(instance.collection_id)


# --- documents --------------------------------------------------------------------


@receiver(post_init, sender=Document)
def remember_file(sender, instance, **kwargs):
    instance._werkgroepen_loaded_file = instance.file.name if instance.pk else None


@receiver(pre_save, sender=Document)
def reset_extraction_on_new_file(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= set(EXTRACTION_FIELDS):
        return
    if instance.pk and instance.file.name != getattr(instance, "_werkgroepen_loaded_file", None):
        instance.extraction_status = Document.ExtractionStatus.PENDING
        instance.extracted_text = ""
        instance.extraction_error = ""


@receiver(post_save, sender=Document)
def document_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None and set(update_fields) <= set(EXTRACTION_FIELDS):
        return
    new_file = created or instance.file.name != getattr(instance, "_werkgroepen_loaded_file", None)
    instance._werkgroepen_loaded_file = instance.file.name
    if new_file:
        extract_text_later(instance.pk)
        previews.convert_new_file(instance)
    if created and not getattr(instance, "_werkgroepen_skip_notification", False):
        space = WorkingGroupPage.objects.filter(collection_id=instance.collection_id).first()
        if space is not None:
            notifications.announce(
                notifications.DOCUMENTS, space, [instance.pk], instance.uploaded_by_user
            )


SPACE_DOCUMENT_DELETE_REFUSED = _(
    "Een document van een werkgroep wordt niet meteen verwijderd: zet het in de "
    "prullenbak van de werkgroep. Daarna verdwijnt het vanzelf."
)


def is_space_document(document):
    return WorkingGroupPage.objects.filter(collection_id=document.collection_id).exists()


@receiver(pre_delete, sender=Document)
def keep_space_documents(sender, instance, **kwargs):
    """Nothing a member uploaded disappears by one click in the admin: deleting a
    space's document for good only happens through the trash (``purge``)."""
    if not documents.is_purging() and is_space_document(instance):
        raise PermissionDenied(SPACE_DOCUMENT_DELETE_REFUSED)


@receiver(post_delete, sender=Document)
def delete_previews(sender, instance, **kwargs):
    document_id = instance.pk
    transaction.on_commit(lambda: previews.forget(document_id))


@receiver(post_delete, sender=DocumentVersion)
def delete_version_file(sender, instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    if not name:
        return
    # Another version or the document itself may still point at the same stored file.
    in_use = (
        DocumentVersion.objects.filter(file=name).exclude(pk=instance.pk).exists()
        or Document.objects.filter(file=name).exists()
    )
    if not in_use:
        transaction.on_commit(lambda: storage.delete(name))


# --- meetings ---------------------------------------------------------------------


@receiver(page_published, sender=MeetingPage)
def meeting_published(sender, instance, revision=None, **kwargs):
    meeting = instance.specific
    space = meeting.get_parent().specific
    if not isinstance(space, WorkingGroupPage) or meeting.alias_of_id:
        # An alias (of another space's meeting) is announced where its source lives.
        return
    actor = getattr(revision, "user", None)
    now = timezone.now()
    if (meeting.end or meeting.start) >= now:
        _, created = NotificationLog.objects.get_or_create(
            kind=NotificationLog.Kind.MEETING, page=meeting
        )
        if created:
            notifications.announce(notifications.MEETING, space, [meeting.pk], actor)
    if meeting.minutes.strip():
        _, created = NotificationLog.objects.get_or_create(
            kind=NotificationLog.Kind.MINUTES, page=meeting
        )
        if created:
            notifications.announce(notifications.MINUTES, space, [meeting.pk], actor)
