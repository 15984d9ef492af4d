from importlib import import_module, util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import DEMO_ACCOUNTS, DEMO_APPS, DemoContext, ensure_demo_accounts
from portal.languages import ensure_locales
from portal.roles import ensure_roles


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
            for app_label in DEMO_APPS:
                module_name = f"{app_label}.demo"
                if util.find_spec(module_name) is None:
                    continue
                import_module(module_name).build(ctx)
            ensure_roles()
        if ctx.created:
            self.stdout.write(self.style.SUCCESS(f"Demo ready: {len(ctx.created)} items added."))
        else:
            self.stdout.write("Demo already complete: nothing changed.")
        self.stdout.write(
            f"Demo accounts (password '{settings.PORTAL_DEMO_PASSWORD}'): "
            + ", ".join(DEMO_ACCOUNTS)
        )
