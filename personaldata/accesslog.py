"""The access log entries of ``personaldata``: an export and an erasure.

Wagtail's own log entries, like the rest of the access log (``werkgroepen.accesslog``).
The object is the account (its label its number, never its name); ``user`` is who did
it; ``data`` holds no name, no e-mail address, no content.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

EXPORTED = "personaldata.exported"
ERASED = "personaldata.erased"

LABELS = {
    EXPORTED: _("Gegevens gedownload"),
    ERASED: _("Gegevens gewist"),
}
ACTIONS = tuple(LABELS)


def register_actions(actions):
    """The ``register_log_actions`` hook."""
    for action, label in LABELS.items():
        formatter = type("PersonalDataLogFormatter", (LogFormatter,), {"label": label})
        actions.register_action(action)(formatter)


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _target(person):
    """(instance, title) the entry is about: the account, or (a participant without an
    account) the coordinator's own account as a stand-in with the invitations' numbers."""
    if person.user is not None:
        return person.user, f"Account {person.user.pk}"
    return None, "Deelnemer zonder account"


def exported(by, person):
    instance, title = _target(person)
    data = {
        "user_id": person.user.pk if person.user is not None else None,
        "invitation_ids": list(person.invitation_ids),
        "by_user_id": by.pk if _actor(by) else None,
    }
    return _write(instance, EXPORTED, by, title, data)


def erased(by, person, *, reapplied=False):
    instance, title = _target(person)
    data = {
        "user_id": person.user.pk if person.user is not None else None,
        "invitation_ids": list(person.invitation_ids),
        "reapplied": reapplied,
    }
    return _write(instance, ERASED, by, f"Gegevens gewist van {title.lower()}", data)


def _write(instance, action, by, title, data):
    if instance is None:
        # A participant without an account has no row of their own to point at: the
        # entry is about the account model itself (pk 0), named by its title only.
        instance = get_user_model()(pk=0)
    return log(instance=instance, action=action, user=_actor(by), title=title, data=data)
