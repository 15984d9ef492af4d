"""``manage.py uitnodiging --space SLUG [--poll SLUG] [--days N] [--name NAME]``:
make an invitation link for one participant; the link is the last line printed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from werkgroepen import invitations
from werkgroepen.models import Invitation, Poll, WorkingGroupPage


class Command(BaseCommand):
    help = (
        "Make a personal invitation link for a participant without an account: to give "
        "input in a working group, or (with --poll) to answer one poll. Prints the link "
        "as its last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--space", required=True, help="The working group's slug.")
        parser.add_argument("--poll", help="The poll's slug (shown on its page) or number.")
        parser.add_argument(
            "--days",
            type=int,
            default=invitations.DEFAULT_DAYS,
            help=f"How many days the link works (1-{invitations.MAX_DAYS}).",
        )
        parser.add_argument("--name", default="", help="The participant's first name.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="The page's language: " + ", ".join(code for code, _ in settings.LANGUAGES),
        )

    def handle(self, *args, space, poll=None, days, name, language, **options):
        if not 1 <= days <= invitations.MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {invitations.MAX_DAYS}.")
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}.")
        found = _space(space)
        chosen = _poll(found, poll) if poll else None
        invitation = invitations.create(
            found,
            purpose=Invitation.Purpose.POLL if chosen else Invitation.Purpose.INPUT,
            poll=chosen,
            days=days,
            name=name,
            language=language,
        )
        purpose = f"the poll {chosen.question!r}" if chosen else "input"
        self.stdout.write(
            f"Invitation for {purpose} in {found.title!r}, "
            f"valid until {invitation.expires_at:%Y-%m-%d %H:%M} (UTC)."
        )
        self.stdout.write(invitations.link_for(invitation))


def _space(slug):
    spaces = WorkingGroupPage.objects.filter(slug=slug, locale=Locale.get_default())
    found = spaces.first()
    if found is None:
        raise CommandError(f"No working group with the slug {slug!r}.")
    return found


def _poll(space, value):
    polls = Poll.objects.filter(space=space)
    found = polls.filter(slug=value).first()
    if found is None and value.isdigit():
        found = polls.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(f"No poll {value!r} in {space.title!r}.")
    if found.is_closed():
        raise CommandError(f"The poll {found.question!r} is closed.")
    return found
