from django.core.management.base import BaseCommand

from werkgroepen import actions


class Command(BaseCommand):
    help = (
        "Mail the owner of each open action that is due tomorrow (Europe/Brussels) a "
        "reminder, once per due date, if they are still an active member of the space "
        "and did not turn mails off. Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list the reminders that would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        sent = failed = 0
        for action in actions.reminders_due():
            line = self._line(action)
            if dry_run:
                self.stdout.write(f"  would remind {line}")
                sent += 1
                continue
            try:
                went_out = actions.send_reminder(action)
            except OSError as error:  # SMTP and connection errors
                failed += 1
                self.stderr.write(f"  could not remind {line}: {error}")
                continue
            if went_out:
                sent += 1
                self.stdout.write(f"  reminded {line}")
        self.stdout.write(self._summary(sent, failed, dry_run))

    def _line(self, action):
        owner = action.owner
        return (
            f"{owner.get_username()} of action #{action.pk} ({action.space.title}), "
            f"due {action.due_on:%Y-%m-%d}"
        )

    def _summary(self, sent, failed, dry_run):
        if dry_run:
            return f"{sent} reminder(s) would be sent."
        summary = f"{sent} reminder(s) sent."
        if failed:
            summary += f" {failed} could not be sent; the next run tries again."
        return summary
