from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one backup archive: database dump, media, private media and a manifest; "
        "encrypted and authenticated with BACKUP_KEY when it is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="archive file or folder to write it in")

    def handle(self, *args, destination, **options):
        passphrase = settings.BACKUP_KEY
        try:
            path, manifest = create_backup(destination, passphrase=passphrase)
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        counts = ", ".join(f"{key} {value}" for key, value in manifest["counts"].items())
        self.stdout.write(f"Backup written to {path}")
        self.stdout.write(f"  {counts}; {len(manifest['files'])} files")
        if passphrase:
            self.stdout.write(
                "  Encrypted with BACKUP_KEY (AES-256-GCM, key derived with scrypt): keep "
                "that key safe, without it the archive cannot be restored."
            )
        else:
            self.stdout.write(
                "  Not encrypted: BACKUP_KEY is not set (development); anyone who can read "
                "the file can read every story in it."
            )
