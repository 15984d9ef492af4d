from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from werkgroepen import accesslog


class Command(BaseCommand):
    help = (
        "Remove the entries of the access log (documents opened, member lists read, "
        "membership changes, ...) older than PORTAL_ACCESS_LOG_DAYS (365) days. "
        "Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        days = accesslog.keep_days()
        if not isinstance(days, int) or days < 1:
            raise CommandError("PORTAL_ACCESS_LOG_DAYS must be a whole number of days, 1 or more.")
        due = accesslog.due_for_pruning()
        rows = due.order_by().values("action").annotate(count=Count("pk"))
        counts = {row["action"]: row["count"] for row in rows}
        for action, count in sorted(counts.items()):
            self.stdout.write(f"  {action}: {count}")
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(
                f"{total} access log entry(ies) older than {days} days would be removed."
            )
            return
        removed, _ = due.delete()
        self.stdout.write(f"{removed} access log entry(ies) older than {days} days removed.")
