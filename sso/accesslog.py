"""The sso app's entries in the access log (Wagtail's log entries, see
``werkgroepen.accesslog``): an account closed by ``manage.py sso_sync`` and the
sessions a provider ended by back-channel logout.

Each entry is about the account (``instance``), written by no one (the command, the
provider); ``data`` holds the provider's name and the reason or the number of sessions,
never an e-mail address, a token or a session key. The title is the account's number,
not its username (which may be an e-mail address).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

ACCOUNT_DEACTIVATED = "sso.account_deactivated"
BACKCHANNEL_LOGOUT = "sso.backchannel_logout"

LABELS = {
    ACCOUNT_DEACTIVATED: _("Account afgesloten (aanmelden via organisatie)"),
    BACKCHANNEL_LOGOUT: _("Afgemeld door de eigen organisatie"),
}
ACTIONS = tuple(LABELS)


class SsoLogFormatter(LogFormatter):
    pass


def register_actions(actions):
    """The ``register_log_actions`` hook: the sso actions with their labels."""
    for action, label in LABELS.items():
        formatter = type("SsoLogFormatter", (SsoLogFormatter,), {"label": label})
        actions.register_action(action)(formatter)


def _title(user):
    return f"Account {user.pk}"


def account_deactivated(user, reason, **details):
    """``reason``: ``inactive`` (with ``days``)."""
    data = {"reason": reason, **details}
    return log(instance=user, action=ACCOUNT_DEACTIVATED, user=None, title=_title(user), data=data)


def backchannel_logout(user, provider, sessions):
    data = {"provider": provider, "sessions": sessions}
    return log(instance=user, action=BACKCHANNEL_LOGOUT, user=None, title=_title(user), data=data)
