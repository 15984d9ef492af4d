"""Close the accounts of people who left: ``manage.py sso_sync [--dry-run]
[--inactive-days N]``, daily from cron.

An account linked to a provider (it has an ``SsoIdentity``) that has not signed in
for ``--inactive-days`` days (``OIDC_INACTIVE_DAYS``, 180 by default) is deactivated
(``is_active=False``; never deleted), and that is written to the access log. The last
sign-in is the newest of the account's own ``last_login`` (a password or a provider)
and its identities' sign-ins; an account that never signed in counts from its first
link. Superusers and coordinators are left alone: they keep a way in.

The command also forgets the recorded sessions (``SsoSession``) that have ended.
It prints one line per account (its username and the reason), never an e-mail address.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from access.roles import COORDINATOR
from sso import accesslog
from sso.models import SsoSession

DEFAULT_INACTIVE_DAYS = 180


def inactive_days_setting():
    return int(getattr(settings, "OIDC_INACTIVE_DAYS", DEFAULT_INACTIVE_DAYS))


def stale_accounts(days):
    """Active, provider-linked accounts without a sign-in for ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    first_link = Max("sso_identities__created_at")
    last_sso = Coalesce(Max("sso_identities__last_login_at"), first_link)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, sso_identities__isnull=False)
        .exclude(groups__name=COORDINATOR)
        .annotate(last_seen=Greatest(Coalesce("last_login", last_sso), last_sso))
        .filter(Q(last_seen__lt=since))
        .order_by("username")
        .distinct()
    )


def label(user):
    """The username, unless it is an e-mail address: then the account's number."""
    return f"account {user.pk}" if "@" in user.username else user.username


class Command(BaseCommand):
    help = "Deactivates SSO-linked accounts that have not signed in for a set time."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the accounts.")
        parser.add_argument(
            "--inactive-days",
            type=int,
            default=None,
            help=f"Days without a sign-in (default OIDC_INACTIVE_DAYS, {DEFAULT_INACTIVE_DAYS}).",
        )

    def handle(self, *args, dry_run=False, inactive_days=None, **options):
        days = inactive_days_setting() if inactive_days is None else inactive_days
        if days < 1:
            raise CommandError("--inactive-days must be a whole number of at least 1.")
        accounts = list(stale_accounts(days))
        for user in accounts:
            verb = "would deactivate" if dry_run else "deactivated"
            self.stdout.write(f"{label(user)}: {verb} (no sign-in for {days} days)")
            if not dry_run:
                self._deactivate(user, days)
        forgotten = 0 if dry_run else self._forget_ended_sessions()
        done = "would deactivate" if dry_run else "deactivated"
        self.stdout.write(f"{done} {len(accounts)} account(s); forgot {forgotten} ended session(s)")

    @transaction.atomic
    def _deactivate(self, user, days):
        user.is_active = False
        user.save(update_fields=["is_active"])
        accesslog.account_deactivated(user, "inactive", days=days)

    def _forget_ended_sessions(self):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        ended = [
            s.pk
            for s in SsoSession.objects.only("session_key").iterator()
            if not store.exists(s.session_key)
        ]
        SsoSession.objects.filter(pk__in=ended).delete()
        return len(ended)
