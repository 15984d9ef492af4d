"""Mail the owners of pages whose review date has come (run daily)."""

from django.core.management.base import BaseCommand

from core.review import send_reminders


class Command(BaseCommand):
    help = "E-mail each page owner the pages that are past their review date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=7,
            metavar="DAYS",
            help="remind about the same page at most once in this many days (default 7)",
        )
        parser.add_argument("--dry-run", action="store_true", help="show, do not send")

    def handle(self, *args, every=7, dry_run=False, **options):
        sent, by_owner, orphans = send_reminders(every_days=every, dry_run=dry_run)
        for owner, pages in by_owner.items():
            titles = ", ".join(page.title for page in pages)
            self.stdout.write(f"{owner.email}: {len(pages)} page(s): {titles}")
        for page in orphans:
            self.stdout.write(f"no owner with an e-mail address: {page.title} ({page.url_path})")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {sent} reminder(s)")
