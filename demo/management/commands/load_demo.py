from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from access.roles import ensure_roles
from core.languages import ensure_locales
from demo import home, kennisbank, werkgroepen
from demo import search as search_demo
from demo.accounts import DEMO_ACCOUNTS, DemoContext, ensure_demo_accounts

# In this order: the knowledge base links to the start page, the spaces to both.
BUILDERS = (home, kennisbank, werkgroepen, search_demo)


class Command(BaseCommand):
    help = (
        "Build the demo portal and the demo accounts. Safe to run again: adds only what is missing."
    )

    def handle(self, *args, **options):
        if not settings.PORTAL_ALLOW_DEMO_ACCOUNTS:
            raise CommandError(
                "Demo accounts share a public password; these settings do not allow them."
            )
        ctx = DemoContext(stdout=self.stdout)
        with transaction.atomic():
            ensure_locales()
            ensure_roles()
            ensure_demo_accounts(ctx)
            for builder in BUILDERS:
                builder.build(ctx)
            ensure_roles()
            link, invitation = werkgroepen.participant_link(ctx)
        if ctx.created:
            self.stdout.write(self.style.SUCCESS(f"Demo ready: {len(ctx.created)} items added."))
        else:
            self.stdout.write("Demo already complete: nothing changed.")
        self.stdout.write(
            f"Demo accounts (password '{settings.PORTAL_DEMO_PASSWORD}'): "
            + ", ".join(DEMO_ACCOUNTS)
        )
        self.stdout.write(f"Invitation link for a participant (Participatie): {link}")
        self.stdout.write(
            f"  (works once, until {timezone.localtime(invitation.expires_at):%Y-%m-%d}; "
            "load_demo shows this link again while it is open, and makes a new one "
            "once it is used)"
        )
