from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from werkgroepen import retention
from werkgroepen.models import WorkingGroupPage

# How each kind is counted in the command's lines: (one, several).
NOUNS = {
    "input": ("inbreng", "inbreng"),
    "comments": ("reactie", "reacties"),
    "poll_answers": ("antwoord", "antwoorden"),
    "trash": ("document", "documenten"),
}


def line(title, counts):
    """'Participatie: 3 inbreng, 0 reacties, 12 antwoorden, 1 document'."""
    parts = []
    for kind in retention.KINDS:
        count = counts[kind]
        one, several = NOUNS[kind]
        parts.append(f"{count} {one if count == 1 else several}")
    return f"{title}: {', '.join(parts)}"


class Command(BaseCommand):
    help = (
        "Remove what working-group spaces keep longer than their retention periods "
        "(input items, comments, poll answers, documents in the trash; each space's "
        "own periods, else PORTAL_RETENTION_DAYS). One line per space. Each space is "
        "done in its own transaction. Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )
        parser.add_argument(
            "--werkgroep", metavar="SLUG", help="Only this space (its slug in Dutch)."
        )

    def handle(self, *args, dry_run=False, werkgroep=None, **options):
        self._check_settings()
        now = timezone.now()
        failed = []
        for space in self._spaces(werkgroep):
            title = retention.space_title(space)
            if dry_run:
                self.stdout.write(line(title, retention.counts(space, now)))
                continue
            try:
                counts = retention.remove(space, now)
            except Exception as error:  # one space's fault must not stop the others
                failed.append(title)
                self.stderr.write(f"{title}: nothing removed ({type(error).__name__}: {error}).")
                continue
            self.stdout.write(line(title, counts))
        if dry_run:
            self.stdout.write("Dry run: nothing was removed.")
        if failed:
            raise CommandError(
                f"Nothing was removed in {', '.join(failed)}; the other spaces are done. "
                "The next run tries again."
            )

    def _spaces(self, slug):
        if slug is None:
            return retention.spaces()
        found = [space for space in retention.spaces() if space is not None and space.slug == slug]
        if not found:
            known = WorkingGroupPage.objects.filter(slug=slug).first()
            if known is None:
                raise CommandError(f"No working group has the slug '{slug}'.")
            found = [known.original()]
        return found

    def _check_settings(self):
        periods = getattr(settings, "PORTAL_RETENTION_DAYS", None) or {}
        for kind in retention.KINDS:
            days = periods.get(kind)
            if not isinstance(days, int) or isinstance(days, bool) or days < 1:
                raise CommandError(
                    f"PORTAL_RETENTION_DAYS['{kind}'] must be a whole number of days, 1 or more."
                )
