from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write one backup archive: database dump, media, private media and a manifest."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="archive file or folder to write it in")

    def handle(self, *args, destination, **options):
        try:
            path, manifest = create_backup(destination)
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        counts = ", ".join(f"{key} {value}" for key, value in manifest["counts"].items())
        self.stdout.write(f"Backup written to {path}")
        self.stdout.write(f"  {counts}; {len(manifest['files'])} files")
