"""The erasure register: keyed hashes of what identified an erased account, so that a
restore of an older backup can erase the same people again.

The key is derived from ``SECRET_KEY`` (Django's ``salted_hmac``); the keys of
``SECRET_KEY_FALLBACKS`` are tried too, so a key rotation keeps the register working
as long as the old key stays a fallback (docs/operations.md).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils.crypto import salted_hmac

from .models import Erasure

logger = logging.getLogger(__name__)
SALT = "personaldata.erasure"
ERASED_PREFIX = "gewist-"


def keyed_hash(value, secret=None):
    """HMAC-SHA256 of the normalised ``value`` ("" for an empty one)."""
    value = (value or "").strip().casefold()
    if not value:
        return ""
    return salted_hmac(SALT, value, secret=secret, algorithm="sha256").hexdigest()


def _secrets():
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def identity_of(user):
    """(account number, hash of the user name, hash of the e-mail address)."""
    if user is None:
        return None, "", ""
    return user.pk, keyed_hash(user.get_username()), keyed_hash(user.email)


def record(identity, invitation_ids, removed_input):
    user_id, username_hash, email_hash = identity
    return Erasure.objects.create(
        user_id=user_id,
        username_hash=username_hash,
        email_hash=email_hash,
        invitation_ids=list(invitation_ids),
        removed_input=removed_input,
    )


def _hashes(value):
    return {keyed_hash(value, secret) for secret in _secrets()} - {""}


def accounts_to_erase():
    """[(user, register row)] of the accounts that match a row of the register: an
    account that was erased and came back (a restore of an older backup)."""
    rows = list(Erasure.objects.exclude(username_hash="", email_hash=""))
    if not rows:
        return []
    by_hash = {}
    for row in rows:
        for value in (row.username_hash, row.email_hash):
            if value:
                by_hash.setdefault(value, row)
    found = []
    users = get_user_model().objects.exclude(username__startswith=ERASED_PREFIX)
    for user in users.iterator():
        hashes = _hashes(user.get_username()) | _hashes(user.email)
        row = next((by_hash[value] for value in hashes if value in by_hash), None)
        if row is not None:
            found.append((user, row))
    return found


def participants_to_erase():
    return list(Erasure.objects.filter(user_id__isnull=True).exclude(invitation_ids=[]))


def reapply():
    """Erase again everyone the register names. Returns how many erasures ran."""
    from .erasure import erase
    from .hooks import Person

    count = 0
    for user, row in accounts_to_erase():
        erase(Person(user=user), remove_input=row.removed_input, record=False)
        count += 1
    for row in participants_to_erase():
        erase(
            Person(invitation_ids=row.invitation_ids), remove_input=row.removed_input, record=False
        )
        count += 1
    return count


# The register as it was before a restore (``keep_before_restore``), put back after it.
_carried = []
FIELDS = ("erased_at", "user_id", "username_hash", "email_hash", "invitation_ids", "removed_input")


def keep_before_restore(sender=None, **kwargs):
    """Receiver of ``core.backup.restoring``: the older dump lacks the newer rows."""
    try:
        _carried[:] = list(Erasure.objects.values(*FIELDS))
    except DatabaseError:
        # A blank or unmigrated database has no register to keep.
        _carried.clear()


def _bring_back(rows):
    for row in rows:
        if not Erasure.objects.filter(**{name: row[name] for name in FIELDS[:4]}).exists():
            created = Erasure.objects.create(**row)
            # ``auto_now_add`` set the time of now: keep the erasure's own.
            Erasure.objects.filter(pk=created.pk).update(erased_at=row["erased_at"])


def reapply_after_restore(sender=None, **kwargs):
    """Receiver of ``core.backup.restored``: the register of before the restore comes
    back, and everyone it names is erased again."""
    _bring_back(_carried)
    _carried.clear()
    count = reapply()
    logger.info("Erasures re-applied after a restore: %s", count)
    return count
