"""``manage.py persoonsgegevens export USER OUT.zip`` and ``… wissen USER``."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from personaldata import accesslog
from personaldata.erasure import erase
from personaldata.export import ExportError, write_zip
from personaldata.hooks import Person


class Command(BaseCommand):
    help = (
        "What the portal keeps about one person: 'export USER OUT.zip' writes it to a zip "
        "(data.json and data.html); 'wissen USER' erases it (see docs/privacy.md)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser("export", help="write USER's data to OUT.zip")
        export.add_argument("username")
        export.add_argument("out")
        export.add_argument("--force", action="store_true", help="overwrite OUT.zip")
        wipe = commands.add_parser("wissen", help="erase USER's data")
        wipe.add_argument("username")
        wipe.add_argument("--yes", action="store_true", help="do not ask first")
        wipe.add_argument("--remove-input", action="store_true", help="remove their input too")

    def handle(self, *args, subcommand, username, **options):
        user = self._user(username)
        if subcommand == "export":
            return self._export(user, Path(options["out"]), options["force"])
        return self._erase(user, options["yes"], options["remove_input"])

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen account met gebruikersnaam {username!r}.")
        return user

    def _export(self, user, out, force):
        if out.is_dir():
            raise CommandError(
                f"{out} is een map; geef een bestandsnaam, bv. {out / 'gegevens.zip'}."
            )
        if out.exists() and not force:
            raise CommandError(f"{out} bestaat al; gebruik --force om het te overschrijven.")
        try:
            write_zip(Person(user=user), out)
        except (ExportError, OSError) as error:
            raise CommandError(f"De export kon niet geschreven worden: {error}") from error
        accesslog.exported(None, Person(user=user))
        self.stdout.write(f"Gegevens van account {user.pk} geschreven naar {out}.")

    def _erase(self, user, yes, remove_input):
        if not yes:
            what = " en hun inbreng" if remove_input else ""
            answer = input(
                f"Alle gegevens van {user.get_username()}{what} wissen? Dit kan niet ongedaan "
                "gemaakt worden. Typ 'ja' om verder te gaan: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Niets gewist.")
        number = user.pk
        try:
            run = erase(Person(user=user), remove_input=remove_input)
        except DatabaseError as error:
            raise CommandError(f"Niets gewist: de databank gaf een fout ({error}).") from error
        self.stdout.write(f"Gegevens van account {number} gewist:")
        for what, count in run.report:
            self.stdout.write(f"  {what}: {count}")
