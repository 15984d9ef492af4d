"""The second factor's entries in the access log (Wagtail's own log entries).

Each entry's object is the person's account; ``data`` names whose devices changed and
who changed them (account ids), and what kind of device, never a secret, a code or a
key. Registered with their Dutch labels through ``register_log_actions``
(``twofactor.wagtail_hooks``).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

RESET = "twofactor.reset"
DEVICE_ADDED = "twofactor.device_added"
DEVICE_REMOVED = "twofactor.device_removed"
RECOVERY_CODES_MADE = "twofactor.recovery_codes_made"

LABELS = {
    RESET: _("Tweede stap hersteld door de coördinator"),
    DEVICE_ADDED: _("Tweede stap toegevoegd"),
    DEVICE_REMOVED: _("Tweede stap verwijderd"),
    RECOVERY_CODES_MADE: _("Nieuwe herstelcodes gemaakt"),
}
ACTIONS = tuple(LABELS)


class TwofactorLogFormatter(LogFormatter):
    """The message in Wagtail's history lists: the action only."""

    def format_message(self, log_entry):
        return self.label


def register_actions(actions):
    """The ``register_log_actions`` hook: the actions with their labels."""
    for action, label in LABELS.items():
        formatter = type("TwofactorLogFormatter", (TwofactorLogFormatter,), {"label": label})
        actions.register_action(action)(formatter)


def _write(person, action, actor, **data):
    # ``request.user`` is a lazy object (twice, with django-otp's middleware), which
    # Wagtail's log cannot tell the model of: the entry is about the account itself.
    person = get_user_model()._default_manager.get(pk=person.pk)
    actor = actor if actor is not None and actor.is_authenticated else None
    data = {"person_id": person.pk, "by_id": actor.pk if actor else None, **data}
    return log(instance=person, action=action, user=actor, data=data)


def device_added(person, actor, kind):
    return _write(person, DEVICE_ADDED, actor, kind=kind)


def device_removed(person, actor, kind):
    return _write(person, DEVICE_REMOVED, actor, kind=kind)


def recovery_codes_made(person, actor):
    return _write(person, RECOVERY_CODES_MADE, actor, kind="recovery")


def reset(person, actor, removed):
    """A coordinator removed every device of ``person``; ``removed``: how many."""
    return _write(person, RESET, actor, removed=removed)
