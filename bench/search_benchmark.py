"""In-process search latency at a given size. Not a test; see docs/decisions/0006.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python -m bench.search_benchmark \\
        --practices 3000 --documents 600 --groups 20
    .ci/with-postgres .venv/bin/python -m bench.search_benchmark --practices 3000

Migrates the (empty) database it is given, seeds practices with tips and themes,
working groups with meetings and private documents, public documents and a partner-
only share, builds the index (timed), then runs the whole search service (privacy
filter, count, one page of grouped results, every facet count, snippets) for a mix of
queries as an anonymous visitor, a partner and a group member, and prints p50/p95.
``measure()`` is importable for the project's benchmark harness.
"""

import argparse
import os
import random
import statistics
import sys
import time

QUERIES = [
    ("common word", "gezin", {}),
    ("common word, page 5", "ouders", {"page": "5"}),
    ("two words", "tolk gesprek", {}),
    ("rare word", "huurwaarborg", {}),
    ("phrase", '"sociaal huis"', {}),
    ("synonym", "ocmw", {}),
    ("type facet", "gezin", {"type": "kennisbank.practicepage"}),
    ("all languages", "kinderen", {"taal": "alle"}),
    ("no result", "giraffe", {}),
    # Finds nothing as typed: corrected from the portal's words (search.spelling).
    ("misspelled word", "wachtlisjt", {}),
]


def _words(text):
    return text.split()


WORDS = _words(
    "gezin gezinnen ouders kinderen jongeren armoede tolk gesprek buurt school opvang "
    "huur energie factuur schulden budget werk opleiding gezondheid vrijwilligers "
    "partners diensten drempel toegang samenwerking vertrouwen participatie inspraak "
    "ervaringsdeskundige huisbezoek onthaal wachtlijst premie leefloon sociaal huis "
    "caw ocmw bibliotheek speelplein vakantie zwembad sport cultuur taal lessen "
    "nederlands brieven formulieren digitaal computer gsm internet bus fiets wijk"
)
FILLER = _words("de het een van en in op met voor naar bij over door om als dat die niet")


def sentence(rng, length):
    words = [rng.choice(WORDS if rng.random() < 0.45 else FILLER) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


def seed(practices, documents, groups, stdout=sys.stdout):
    """Build the content, then the index (timed)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from search import api

    rng = random.Random(8)
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The site search's work is held while seeding and the index then built once more,
    # timed. Wagtail's own (admin) index is not what is measured here, and it would be
    # updated on every save, slower with every page (FACTS.md): its documented
    # AUTO_UPDATE is off while seeding.
    backends = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with api.held(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
        seeded = _seed_content(practices, documents, groups, rng, stdout)
    started = time.monotonic()
    rows = api.rebuild()
    return {"seed_seconds": seeded, "index_seconds": time.monotonic() - started, "rows": rows}


def _seed_content(practices, documents, groups, rng, stdout):
    """The practices, spaces, meetings and documents; returns the seconds it took."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction, Locale

    from access.roles import PARTNER
    from core.models import PortalDocument
    from home.models import HomePage
    from kennisbank.models import (
        KennisbankIndexPage,
        MethodPage,
        PracticePage,
        PracticeTip,
        TargetGroup,
        Theme,
    )
    from werkgroepen.models import MeetingPage, WorkingGroupIndexPage, WorkingGroupPage

    locale = Locale.get_default()
    home = HomePage.objects.get(depth=2, locale=locale)
    started = time.monotonic()
    themes = [
        Theme.objects.get_or_create(slug=f"t{i}", locale=locale, defaults={"name": f"Thema {i}"})[0]
        for i in range(8)
    ]
    targets = [
        TargetGroup.objects.get_or_create(
            slug=f"d{i}", locale=locale, defaults={"name": f"Doelgroep {i}"}
        )[0]
        for i in range(6)
    ]
    kennisbank = KennisbankIndexPage.objects.filter(locale=locale).first()
    if kennisbank is None:
        kennisbank = home.add_child(instance=KennisbankIndexPage(title="Kennisbank", slug="kb"))
    for n in range(practices):
        model = MethodPage if n % 10 == 0 else PracticePage
        page = model(
            title=sentence(rng, rng.randint(3, 7)).rstrip("."),
            slug=f"p{n}",
            lead=paragraph(rng, 2),
            audience="partners" if n % 25 == 0 else "public",
        )
        if model is PracticePage:
            # One practice in fifty mentions a rare word, so "rare word" finds a few.
            rare = " Vraag naar de huurwaarborg." if n % 50 == 7 else ""
            page.goal = f"<p>{paragraph(rng, 6)}{rare}</p>"
            page.reach = f"<p>{paragraph(rng, 4)}</p>"
        else:
            page.body = [("paragraph", f"<p>{paragraph(rng, 10)}</p>")]
        kennisbank.add_child(instance=page)
        page.themes.set(rng.sample(themes, rng.randint(1, 3)))
        page.target_groups.set(rng.sample(targets, rng.randint(1, 2)))
        page.save()
        if model is PracticePage:
            for position in range(2):
                PracticeTip.objects.create(page=page, text=paragraph(rng, 1), sort_order=position)
        if n and n % 500 == 0:
            stdout.write(f"  {n} praktijken ({time.monotonic() - started:.0f} s)\n")
    index = WorkingGroupIndexPage.objects.filter(locale=locale).first()
    if index is None:
        index = home.add_child(instance=WorkingGroupIndexPage(title="Werkgroepen", slug="wg"))
    spaces = []
    for g in range(groups):
        space = index.add_child(
            instance=WorkingGroupPage(title=f"Werkgroep bench {g}", slug=f"wg-{g}")
        )
        spaces.append(space)
        for m in range(5):
            space.add_child(
                instance=MeetingPage(
                    title=f"Vergadering {m}: {sentence(rng, 4)}",
                    slug=f"v{m}",
                    start=time_ago(rng),
                    agenda=f"<p>{paragraph(rng, 5)}</p>",
                )
            )
    public = Collection.get_first_root_node()
    docs = []
    for d in range(documents):
        collection = spaces[d % len(spaces)].collection if spaces and d % 3 == 0 else public
        docs.append(
            PortalDocument(
                title=sentence(rng, 4).rstrip("."),
                file=f"documents/bench-{d}.pdf",
                description=sentence(rng, 12),
                extracted_text=paragraph(rng, 120),
                collection=collection,
            )
        )
    PortalDocument.objects.bulk_create(docs)
    restricted = public.add_child(name="Alleen partners (bench)")
    restriction = CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=PARTNER)])
    return time.monotonic() - started


def time_ago(rng):
    from django.utils import timezone

    return timezone.now() - timezone.timedelta(days=rng.randint(0, 1500))


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from access.roles import PARTNER
    from werkgroepen.models import WorkingGroupPage

    User = get_user_model()
    partner = User.objects.filter(groups__name=PARTNER).first()
    member, _ = User.objects.get_or_create(username="bench-lid")
    space = WorkingGroupPage.objects.filter(member_group__isnull=False).first()
    if space:
        member.groups.add(space.member_group)
    return {"anonymous": AnonymousUser(), "partner": partner, "member": member}


def measure(rounds=3, stdout=sys.stdout):
    """Per query and user: (label, user, wall p50 ms, wall max ms, CPU p50 ms, results);
    then (p50, p95) over all searches, wall-clock and CPU time of this process (on
    SQLite the database work is in-process, so CPU time is what a quiet machine would
    show; on PostgreSQL the server's time is only in the wall-clock figures)."""
    from django.test import RequestFactory

    from search import api

    factory = RequestFactory()
    rows, all_times, all_cpu = [], [], []
    for who, user in users().items():
        for label, q, params in QUERIES:
            times, cpu = [], []
            for _ in range(rounds + 1):
                request = factory.get("/nl/zoeken/", {"q": q, **params})
                request.user = user
                started, started_cpu = time.perf_counter(), time.process_time()
                outcome = api.search(request, q, request.GET, "nl")
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            times, cpu = times[1:], cpu[1:]  # the first run warms caches
            all_times.extend(times)
            all_cpu.extend(cpu)
            rows.append(
                (
                    label,
                    who,
                    statistics.median(times),
                    max(times),
                    statistics.median(cpu),
                    outcome.total,
                )
            )
    return rows, percentiles(all_times), percentiles(all_cpu)


def percentiles(values):
    values = sorted(values)
    return statistics.median(values), values[max(0, int(len(values) * 0.95) - 1)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=3000)
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from wagtail.models import Page

    if not args.skip_seed:
        info = seed(args.practices, args.documents, args.groups)
        print(
            f"seeded in {info['seed_seconds']:.0f} s; index of {info['rows']} rows built in "
            f"{info['index_seconds']:.1f} s"
        )
    rows, (p50, p95), (cpu50, cpu95) = measure(args.rounds)
    load = os.getloadavg()[0]
    print(
        f"\n{connection.vendor}, {Page.objects.live().count()} live pages, "
        f"{os.cpu_count()} cores, load average {load:.1f}\n"
    )
    print("| query | user | p50 ms | max ms | CPU p50 ms | results |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, who, median, worst, cpu, total in rows:
        print(f"| {label} | {who} | {median:.1f} | {worst:.1f} | {cpu:.1f} | {total} |")
    print(f"\nall searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms (wall clock)")
    print(f"CPU time of this process: p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms")


if __name__ == "__main__":
    main()
