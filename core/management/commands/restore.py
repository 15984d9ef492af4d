from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from core.backup import BackupError, migrations_pending, restore_backup, restored, restoring


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database, migrated or not (or overwrite "
        "one with --force), check it against its manifest, migrate an archive of an older "
        "version forward and rebuild the search index. An encrypted archive needs "
        "BACKUP_KEY (or BACKUP_KEY_PREVIOUS) set to the key it was written with."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database that is not empty"
        )
        parser.add_argument(
            "--skip-index", action="store_true", help="do not rebuild the search index"
        )

    def handle(self, *args, archive, force, skip_index, **options):
        restoring.send(sender=None, archive=archive)
        try:
            manifest, problems = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"the database could not be read or written: {error}") from error
        if problems:
            raise CommandError(
                "restored, but it differs from the manifest:\n  " + "\n  ".join(problems)
            )
        self.stdout.write(f"Restored backup of {manifest['created']}: counts and files verified.")
        if manifest["decrypted_with"]:
            self.stdout.write(
                f"The archive was encrypted; opened with {manifest['decrypted_with']}."
            )
        if migrations_pending():
            self.stdout.write("The archive is from an older version; migrating it forward.")
            call_command("migrate", interactive=False, stdout=self.stdout)
        # Apps correct what an older backup brings back (erasures are applied again).
        restored.send(sender=None, archive=archive)
        if not skip_index:
            call_command("rebuild_search", stdout=self.stdout)
