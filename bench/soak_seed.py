"""The soak's accounts and private spaces (runs inside Django, under the stack's
production settings): ``python bench/soak_seed.py USERS`` prints the plan as JSON.

Every space holds a unique secret marker (``SOAK-<n>-<hex>``) in its text, a meeting
and a document; only its members may ever receive it.
"""

import json
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARKER_PREFIX = "SOAK"


def _user(username, *groups):
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(18)
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    for group in groups:
        user.groups.add(group)
    return {"username": username, "password": password, "id": user.pk}


def _space(index_page, number, owner_password, run):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from werkgroepen import documents
    from werkgroepen.models import MeetingPage, WorkingGroupPage

    marker = f"{MARKER_PREFIX}-{number}-{secrets.token_hex(5)}"
    space = WorkingGroupPage(
        title=f"Soak {run} {number}",
        slug=f"soak-{run}-{number}",
        purpose=f"<p>Geheim: {marker}.</p>",
    )
    index_page.add_child(instance=space)
    space.save_revision().publish()
    user = get_user_model().objects.get(username=f"soak{run}-{number}")
    user.groups.add(space.member_group, space.lead_group)
    meeting = MeetingPage(
        title=f"Overleg {marker}",
        slug="overleg",
        start=timezone.now() + timezone.timedelta(days=3),
        place="Buurthuis",
        agenda=f"<p>Wat iemand vertelde: {marker}.</p>",
    )
    space.add_child(instance=meeting)
    meeting.save_revision().publish()
    upload = SimpleUploadedFile("verslag.txt", f"Verslag met {marker}.".encode())
    document = documents.create_document(space, upload, user, title=f"Verslag {marker}")
    space.refresh_from_db()
    return {
        "username": user.username,
        "password": owner_password,
        "marker": marker,
        "space_url": space.url,
        "upload_url": space.url + space.reverse_subpage("document_upload"),
        "members_url": space.url + space.reverse_subpage("members"),
        "document_url": document.url,
    }


def _public_urls():
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Page

    from access.privacy import viewable_pages

    pages = viewable_pages(AnonymousUser(), Page.objects.live().filter(depth__gte=2))
    urls = [page.url for page in pages.order_by("path").specific()[:40]]
    return [url for url in urls if url and url.startswith("/nl/")]


def seed(users):
    from django.contrib.auth.models import Group

    from access.roles import PARTNER, REDACTEUR
    from kennisbank.models import KennisbankIndexPage
    from werkgroepen import notifications
    from werkgroepen.models import WorkingGroupIndexPage

    index = WorkingGroupIndexPage.objects.filter(locale__language_code="nl").first()
    kennisbank = KennisbankIndexPage.objects.filter(locale__language_code="nl").first()
    run = secrets.token_hex(3)  # several soaks may run against one stack
    members = [_user(f"soak{run}-{number}") for number in range(users)]
    with notifications.suppressed():
        spaces = [_space(index, n, members[n]["password"], run) for n in range(users)]
    return {
        "members": spaces,
        "guest": _user(f"soak{run}-gast"),
        "partner": _user(f"soak{run}-partner", Group.objects.get(name=PARTNER)),
        "editor": _user(f"soak{run}-redacteur", Group.objects.get(name=REDACTEUR)),
        "outsider": _user(f"soak{run}-buiten"),
        "kennisbank_id": kennisbank.pk,
        "kennisbank_url": kennisbank.url,
        "public_urls": _public_urls(),
        "search_words": ["gezin", "tolk", "ouders", "armoede", "vergadering", "folder"],
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    print(json.dumps(seed(int(sys.argv[1]))))
