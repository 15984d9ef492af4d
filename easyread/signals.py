"""Read-aloud recordings follow their page: made after a publish (in the background),
removed on unpublish, their file removed with the row once that is committed (also
when the page is deleted)."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import recordings
from .models import Recording


def _published(sender, instance, **kwargs):
    if recordings.offered(instance):
        recordings.record_later(instance.pk)


def _unpublished(sender, instance, **kwargs):
    recordings.forget(instance)


def _row_deleted(sender, instance, **kwargs):
    """The file goes once the deletion is committed: a rollback keeps row and file."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    page_published.connect(_published, dispatch_uid="easyread-record-published")
    page_unpublished.connect(_unpublished, dispatch_uid="easyread-forget-unpublished")
    post_delete.connect(_row_deleted, sender=Recording, dispatch_uid="easyread-recording-file")
