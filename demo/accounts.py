"""Demo accounts, and what the demo builders share.

``manage.py load_demo`` calls ``build(ctx)`` of each demo module (``demo.home``,
``demo.kennisbank``, ``demo.werkgroepen``, ``demo.search``) in that order. Each builder
is idempotent: it looks up what it made before (by slug, title or username) and only
creates what is missing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from access import roles

# username: (first name, last name, organisation, role groups, superuser)
DEMO_ACCOUNTS = {
    "coordinator": (
        "Sarah",
        "Claes",
        "Netwerk Gezinsarmoede",
        [roles.COORDINATOR, roles.PARTNER],
        True,
    ),
    "redacteur": (
        "Jonas",
        "Peeters",
        "Netwerk Gezinsarmoede",
        [roles.REDACTEUR, roles.PARTNER],
        False,
    ),
    "vertaler": ("Amal", "Haddad", "Tolkendienst regio", [roles.VERTALER, roles.PARTNER], False),
    "partner": ("Els", "Wouters", "Sociaal huis", [roles.PARTNER], False),
    "trekker": (
        "Koen",
        "Janssens",
        "Vereniging waar armen het woord nemen",
        [roles.PARTNER],
        False,
    ),
    "lid": ("Nadia", "Benali", "Ervaringsdeskundige", [], False),
    "buitenstaander": ("Pieter", "Maes", "Centrum voor basiseducatie", [roles.PARTNER], False),
}


@dataclass
class DemoContext:
    stdout: object
    created: list = field(default_factory=list)
    homes: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    pictograms: dict = field(default_factory=dict)  # name: image (demo.pictograms)

    def log(self, what):
        self.created.append(what)
        self.stdout.write(f"  + {what}")


def ensure_demo_accounts(ctx):
    User = get_user_model()
    for username, (first, last, _organisation, role_names, superuser) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@netwerkportaal.example",
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(settings.PORTAL_DEMO_PASSWORD)
            user.save()
            ctx.log(f"account {username}")
        wanted = [Group.objects.get(name=name) for name in role_names]
        missing = [g for g in wanted if not user.groups.filter(pk=g.pk).exists()]
        if missing:
            user.groups.add(*missing)
        ctx.users[username] = user
    return ctx.users


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def add_child(ctx, parent, page, publish=True):
    """Add ``page`` under ``parent`` and publish it, unless a page with its slug exists."""
    existing = child_by_slug(parent, page.slug)
    if existing:
        return existing
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    ctx.log(f"page {page.url_path}")
    return page
