"""Invitation links: what a participant without an account may do with one.

A link names one ``Invitation`` row and carries a token signed with Django's signing
framework: the row's id and its random nonce, under a salt of its own. The token is
checked first (a forged or altered one never reaches the database as a query for
the wrong row), then the row decides: open, used, revoked or expired. A link is used
once: ``use`` marks it in the same transaction that stores what was sent, and only
if it was still open, so a second submit of the same link stores nothing.

See docs/decisions/0012-participation.md.
"""

import datetime
import os

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkgroepen import filetypes, notifications
from werkgroepen.models import InputItem, Invitation
from werkgroepen.models.feedback import ATTACHMENT_KINDS

SALT = "werkgroepen.invitation"
DEFAULT_DAYS = 14
MAX_DAYS = 90

# Containers of the ISO media family (m4a, heic, 3gp) start with a "ftyp" box.
ISO_MEDIA = {"m4a", "heic", "3gp"}


class Refused(Exception):
    """The link may not be used; ``reason`` is "invalid", "used", "revoked" or "expired"."""

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def token_for(invitation):
    return signing.Signer(salt=SALT).sign_object([invitation.pk, invitation.nonce])


def link_for(invitation):
    """The absolute address of the participant's page, in the link's language."""
    with translation.override(invitation.language):
        path = reverse("werkgroepen:invitation", args=[token_for(invitation)])
    return notifications.absolute_url(path)


def find(token):
    """The open invitation the token names; raises ``Refused`` otherwise."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, TypeError, ValueError):
        raise Refused("invalid") from None
    invitation = (
        Invitation.objects.filter(pk=pk if isinstance(pk, int) else None, nonce=str(nonce))
        .select_related("space", "poll")
        .first()
    )
    if invitation is None:
        raise Refused("invalid")
    if invitation.state != "open":
        raise Refused(invitation.state, invitation)
    return invitation


def create(space, *, purpose, poll=None, days=DEFAULT_DAYS, name="", language="", created_by=None):
    days = max(1, min(int(days), MAX_DAYS))
    return Invitation.objects.create(
        space=space,
        purpose=purpose,
        poll=poll if purpose == Invitation.Purpose.POLL else None,
        name=name.strip()[:60],
        language=language or settings.LANGUAGE_CODE,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=created_by,
    )


def open_for(space):
    now = timezone.now()
    return Invitation.objects.filter(
        space=space, revoked_at=None, used_at=None, expires_at__gt=now
    ).select_related("poll", "created_by")


def revoke(invitation):
    Invitation.objects.filter(pk=invitation.pk, revoked_at=None).update(revoked_at=timezone.now())


@transaction.atomic
def use(invitation):
    """Mark the link used, only if it is still open; raises ``Refused`` otherwise (a
    second submit, or the lead revoked it meanwhile). Call inside the transaction
    that stores what was sent."""
    now = timezone.now()
    marked = Invitation.objects.filter(
        pk=invitation.pk, used_at=None, revoked_at=None, expires_at__gt=now
    ).update(used_at=now)
    if not marked:
        invitation.refresh_from_db()
        raise Refused(invitation.state if invitation.state != "open" else "used", invitation)
    invitation.used_at = now


def receive_input(invitation, text, attachment=None):
    """Store what a participant sent as an input item of the space, status received."""
    with transaction.atomic():
        use(invitation)
        item = InputItem(
            space=invitation.space,
            locale_id=invitation.space.locale_id,
            text=text,
            status=InputItem.Status.RECEIVED,
            invitation=invitation,
            participant_name=invitation.name,
        )
        if attachment is not None:
            item.attachment.save(_attachment_name(attachment), attachment, save=False)
        try:
            item.save()
        except Exception:
            if item.attachment:
                item.attachment.delete(save=False)
            raise
    return item


def _attachment_name(upload):
    extension = os.path.splitext(upload.name or "")[1].lower()
    return f"deelnemer{extension}"


def check_attachment(upload):
    """A message explaining why the photo or voice note is refused, or None."""
    extension = filetypes.extension_of(upload.name)
    if extension not in ATTACHMENT_KINDS:
        return _("Stuur een foto (jpg, png) of een spraakbericht (mp3, m4a, ogg, wav).")
    limit = settings.WERKGROEPEN_INVITATION_MAX_FILE_SIZE
    if upload.size > limit:
        return _("Het bestand is te groot. Het mag hoogstens %(limit)s zijn.") % {
            "limit": filesizeformat(limit)
        }
    if upload.size == 0:
        return _("Het bestand is leeg.")
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if not _looks_like(extension, head):
        return _("Dit bestand is geen foto of spraakbericht.")
    return None


def _looks_like(extension, head):
    if extension in ("jpg", "jpeg", "png"):
        return filetypes.content_matches(extension, head, None)  # the documents' check
    if extension in ISO_MEDIA:
        return head[4:8] == b"ftyp"
    signatures = {
        "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
        "aac": (b"\xff\xf1", b"\xff\xf9"),
        "ogg": (b"OggS",),
        "opus": (b"OggS",),
        "oga": (b"OggS",),
        "webm": (b"\x1a\x45\xdf\xa3",),
        "amr": (b"#!AMR",),
    }
    if extension == "webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if extension == "wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    return head.startswith(signatures[extension])


def attachment_kind(name):
    """The kind of the attachment file ``name``: "image", "audio" or ""."""
    return ATTACHMENT_KINDS.get(filetypes.extension_of(name), "")
