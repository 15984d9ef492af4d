"""What can happen to a document in a space: upload, new version, trash, restore, purge.

Views and the admin form call these; they keep ``portal.PortalDocument`` (the current
file, searchable, served by Wagtail's serve view) and ``DocumentVersion`` (earlier
files) in step.
"""

import os
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from werkgroepen.models import DocumentVersion, SpacePrivacy

_purging = ContextVar("werkgroepen_purging", default=False)


@contextmanager
def purging():
    """Only inside this block may a space's document be deleted for good."""
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


def is_purging():
    return _purging.get()


def document_model():
    return get_document_model()


def title_from_filename(filename):
    """'verslag_mei-2026 (def).pdf' -> 'verslag mei 2026 (def)'."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    stem = re.sub(r"[_\-.]+", " ", stem)
    return " ".join(stem.split())[:255] or "document"


def set_file(document, upload):
    """Give ``document`` the file ``upload`` with its size and content hash, the
    two values Wagtail's own upload form records with a file."""
    document.file = upload
    document.file_size = upload.size
    document.file_hash = hash_filelike(upload)


def trash_days(space=None):
    """How many days a document stays in the trash: the space's own choice
    (``SpacePrivacy``), else the portal's (``PORTAL_RETENTION_DAYS["trash"]``)."""
    if space is not None:
        return SpacePrivacy.of(space).days("trash")
    return settings.PORTAL_RETENTION_DAYS["trash"]


@transaction.atomic
def create_document(space, upload, user, title="", description="", tags=()):
    if not space.collection_id:
        # The space's collection was deleted: saving the space provisions a new,
        # restricted one. A document must never fall back to the public root.
        space.save()
    document = document_model()(
        title=(title or "").strip()[:255] or title_from_filename(upload.name),
        description=description or "",
        collection_id=space.collection_id,
        uploaded_by_user=user,
    )
    set_file(document, upload)
    # The upload form announces a whole batch in one mail.
    document._werkgroepen_skip_notification = True
    document.save()
    if tags:
        document.tags.add(*tags)
    return document


def record_previous_version(document, user, file_name=None):
    """Keep the document's current file (or ``file_name``, the file it had before a
    form assigned a new one) as an earlier version."""
    previous = document.versions.order_by("-number").first()
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=file_name or document.file.name,
        file_size=document.file_size,
        file_hash=document.file_hash or "",
        uploaded_at=previous.replaced_at if previous else document.created_at,
        uploaded_by=previous.replaced_by if previous else document.uploaded_by_user,
        replaced_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def add_version(document, upload, user):
    record_previous_version(document, user)
    set_file(document, upload)
    document.save()
    return document


def current_version(document):
    """(number, uploaded_at, uploaded_by) of the file the document holds now."""
    latest = document.versions.order_by("-number").first()
    if latest is None:
        return 1, document.created_at, document.uploaded_by_user
    return latest.number + 1, latest.replaced_at, latest.replaced_by


def trash(document, user):
    document.trashed_at = timezone.now()
    document.trashed_by = user
    document.save(update_fields=["trashed_at", "trashed_by"])


def restore(document):
    document.trashed_at = None
    document.trashed_by = None
    document.save(update_fields=["trashed_at", "trashed_by"])


def purge_due(now=None, space=None):
    """Documents that have been in the trash for longer than the trash period of their
    space (the portal's period for those in no space's collection); only those of
    ``space`` when it is given."""
    now = now or timezone.now()
    own = dict(
        SpacePrivacy.objects.filter(
            keep_trash_days__isnull=False, space__collection__isnull=False
        ).values_list("space__collection_id", "keep_trash_days")
    )
    due = Q(trashed_at__lt=now - timezone.timedelta(days=trash_days())) & ~Q(
        collection_id__in=list(own)
    )
    for collection_id, days in own.items():
        due |= Q(collection_id=collection_id, trashed_at__lt=now - timezone.timedelta(days=days))
    documents = document_model().objects.filter(trashed_at__isnull=False).filter(due)
    if space is not None:
        documents = documents.filter(collection_id=space.original().collection_id)
    return documents


def purge(now=None, space=None):
    """Delete for good what is due; files are removed after the commit. Returns a count."""
    count = 0
    for document in purge_due(now, space).iterator():
        with transaction.atomic(), purging():
            document.delete()
        count += 1
    return count
