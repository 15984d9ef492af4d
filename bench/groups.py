"""Working groups of the benchmark portal: spaces (created the normal way, so their
groups, restriction and private collection are provisioned by ``werkgroepen``),
members, meetings (in bulk below each space), documents in the private collections
and input items, some of them public on the feedback page."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from bench import documents as bench_documents
from bench import text
from bench.content import home_page
from bench.tree import bulk_add_children
from kennisbank.models import Theme
from werkgroepen import notifications
from werkgroepen.models import InputItem, MeetingPage, WorkingGroupIndexPage, WorkingGroupPage

MEMBERS_PER_GROUP = 8
MEETINGS_PER_GROUP = 6
ITEMS_PER_GROUP = 10
DEMO_MEMBERS = ("lid", "trekker")  # also members of the first three generated groups

GROUP_TOPICS = [
    "Energie", "Schoolkosten", "Wonen", "Gezondheid", "Vrije tijd", "Digitaal",
    "Kinderopvang", "Voeding", "Werk", "Mobiliteit", "Taal", "Schulden",
]  # fmt: skip


def group_index():
    home = home_page()
    index = WorkingGroupIndexPage.objects.child_of(home).first()
    if index is None:
        index = WorkingGroupIndexPage(title="Werkgroepen", slug="werkgroepen")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _space(writer, index, number):
    topic = GROUP_TOPICS[number % len(GROUP_TOPICS)]
    place = writer.pick(text.MUNICIPALITIES)
    title = f"Werkgroep {topic} {place} {number + 1}"
    space = WorkingGroupPage(
        title=title,
        slug=f"{slugify(title)}",
        purpose=writer.html(text.GOAL, 2, 3, place),
    )
    index.add_child(instance=space)
    space.save_revision().publish()
    space.refresh_from_db()
    return space


def _members(writer, space, number):
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"wg{number}-lid{n}",
                first_name=writer.pick(text.FIRST_NAMES),
                last_name=writer.pick(text.LAST_NAMES),
                email=f"wg{number}-lid{n}@netwerkportaal.example",
            )
            for n in range(MEMBERS_PER_GROUP)
        ]
    )
    through = User.groups.through
    rows = [through(user_id=u.pk, group_id=space.member_group_id) for u in users]
    rows.append(through(user_id=users[0].pk, group_id=space.lead_group_id))
    if number < 3:
        for demo in User.objects.filter(username__in=DEMO_MEMBERS):
            rows.append(through(user_id=demo.pk, group_id=space.member_group_id))
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return users


def _meetings(writer, space, now):
    meetings = []
    for n in range(MEETINGS_PER_GROUP):
        start = now + datetime.timedelta(days=30 * (n - MEETINGS_PER_GROUP + 2), hours=n)
        title = f"Vergadering {start:%d-%m-%Y}"
        past = start < now
        meetings.append(
            MeetingPage(
                title=title,
                slug=f"vergadering-{start:%Y-%m-%d}-{n}",
                first_published_at=now - datetime.timedelta(days=40 - n),
                start=start,
                end=start + datetime.timedelta(hours=2),
                place=f"{writer.pick(text.PARTNER)}, {writer.pick(text.MUNICIPALITIES)}",
                agenda="<ol>"
                + "".join(f"<li>{s}</li>" for s in writer.sentences(text.MEETING_AGENDA, 3, 5))
                + "</ol>",
                minutes=writer.html(text.SIDE_PARTNERS + text.GOAL, 3, 5) if past else "",
            )
        )
    return bulk_add_children(space, meetings)


def _items(writer, space, meetings, themes, locale):
    statuses = [s for s, _label in InputItem.Status.choices]
    items = [
        InputItem(
            space=space,
            meeting=writer.pick(meetings),
            theme=writer.pick(themes) if themes else None,
            text=writer.fill(writer.pick(text.GOAL + text.OBSTACLES)),
            status=writer.pick(statuses),
            is_public=writer.rng.random() < 0.5,
            locale=locale,
        )
        for _ in range(ITEMS_PER_GROUP)
    ]
    InputItem.objects.bulk_create(items)


def build_groups(writer, count, *, documents=0, start=0):
    """``count`` working groups with members, meetings, input items and ``documents``
    documents spread over their private collections. Returns the number of groups."""
    index = group_index()
    now = timezone.now()
    locale = Locale.get_default()
    themes = list(Theme.objects.filter(locale=locale))
    per_group = documents // count if count else 0
    first = WorkingGroupPage.objects.child_of(index).count()
    with notifications.suppressed():
        for number in range(first, first + count):
            space = _space(writer, index, number)
            _members(writer, space, number)
            meetings = _meetings(writer, space, now)
            _items(writer, space, meetings, themes, locale)
            extra = documents - per_group * count if number == first else 0
            if per_group + extra:
                bench_documents.build_documents(
                    writer,
                    per_group + extra,
                    collection=space.collection,
                    start=start + number * per_group,
                )
    return count
