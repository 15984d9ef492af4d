from django.core.management.base import BaseCommand

from werkgroepen import documents


class Command(BaseCommand):
    help = (
        "Delete for good the documents that have been in the trash for longer than "
        "their space's trash period (set per space by a coordinator, else "
        "WERKGROEPEN_TRASH_DAYS, 30), with their earlier versions and files. "
        "`manage.py retentie` does this too, with the other retention periods: "
        "schedule that one daily; this command stays for the trash alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        due = documents.purge_due()
        if dry_run:
            for document in due:
                self.stdout.write(f"  would delete #{document.pk} {document.title}")
            self.stdout.write(f"{due.count()} document(s) would be deleted.")
            return
        count = documents.purge()
        self.stdout.write(f"{count} document(s) deleted from the trash.")
