from django.core.management.base import BaseCommand, CommandError

from werkgroepen import digests


class Command(BaseCommand):
    help = (
        "Mail the daily and weekly digests: to each member who chose one and is due, one "
        "mail with what is new in their working groups. Run it daily (e.g. at 07:00)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only print what would be sent to whom; send and record nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        tally = {"sent": 0, "would_send": 0, "nothing": 0, "failed": 0}
        for outcome in digests.run(dry_run=dry_run):
            tally[outcome.status] += 1
            self._report(outcome)
        self.stdout.write(self._summary(tally, dry_run))
        if tally["failed"]:
            raise CommandError(f"{tally['failed']} digest(s) could not be sent.")

    def _report(self, outcome):
        address = outcome.digest.user.email
        counts = ", ".join(f"{kind} {count}" for kind, count in outcome.digest.counts().items())
        if outcome.status == "failed":
            self.stderr.write(f"  failed {address}: {outcome.error}")
        elif outcome.status in ("sent", "would_send"):
            verb = "sent" if outcome.status == "sent" else "would send"
            self.stdout.write(f"  {verb} {address}: {counts}")
        elif self.verbosity > 1:
            self.stdout.write(f"  nothing new for {address}")

    def _summary(self, tally, dry_run):
        if dry_run:
            return (
                f"Dry run: {tally['would_send']} digest(s) would be sent, "
                f"{tally['nothing']} member(s) have nothing new. Nothing was sent or recorded."
            )
        return (
            f"{tally['sent']} digest(s) sent, {tally['nothing']} member(s) had nothing new, "
            f"{tally['failed']} failed."
        )
