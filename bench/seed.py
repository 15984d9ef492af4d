#!/usr/bin/env python
"""Build a benchmark portal of a given size in the database of the current settings.

    DATABASE_URL=sqlite:////tmp/b/db.sqlite3 python bench/seed.py \\
        --practices 10000 --documents 2000 --groups 50

Runs ``load_demo`` first (demo accounts, home page, the demo content of every app on
main), then adds generated content in bulk: taxonomy and organisations, methods,
practices with tips and obstacles (one in ten partners-only), documents with real
files, working groups with meetings when the werkgroepen app has its page types.
The search index is rebuilt once at the end with ``rebuild_search`` (timed: it is one
of the benchmark's figures). Prints a summary; ``--json`` prints it as one JSON line.
The database must be migrated already.
"""

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


def groups_available():
    from django.apps import apps

    try:
        apps.get_model("werkgroepen", "WorkingGroupPage")
    except LookupError:
        return False
    return True


def ensure_roots():
    """The tree root and the root collection Wagtail's migrations create (a template
    database copied from a flushed test database may lack them)."""
    from wagtail.models import Collection, Page

    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root", locale_id=_default_locale_id())
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


def _default_locale_id():
    from wagtail.models import Locale

    from core.languages import ensure_locales

    ensure_locales()
    return Locale.get_default().pk


def minimal_demo():
    """Only what the benchmark needs of the demo: locales, roles, the demo accounts and
    a start page as the default site's root (the full demo also builds documents,
    translations and workflows: slow)."""
    from django.test.utils import override_settings
    from wagtail.models import Page, Site

    from access.roles import ensure_roles
    from core.languages import ensure_locales
    from demo.accounts import DemoContext, ensure_demo_accounts
    from home.models import HomePage

    ctx = DemoContext(stdout=io.StringIO())
    ensure_locales()
    ensure_roles()
    # The demo password is public and this database is thrown away: a fast hash saves
    # seconds per account (the benchmark logs members in without their password).
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        ensure_demo_accounts(ctx)
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(
            title="Welkom bij het netwerk tegen gezinsarmoede",
            slug="home",
            intro="Samen tegen armoede bij gezinnen: methodes, voorbeelden en werkgroepen.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    ensure_roles()


def seed(practices, documents, groups, *, rng_seed=1, index=True, log=None, full_demo=True):
    """Seed the database; returns a dict of counts and timings (seconds)."""
    from django.core.management import call_command
    from django.db import transaction

    from bench import content
    from bench import documents as docs
    from bench.text import Writer

    log = log or (lambda message: None)
    rng = random.Random(rng_seed)
    report = {"practices": practices, "documents": documents, "groups": 0}
    started = time.perf_counter()

    ensure_roots()
    if full_demo:
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    else:
        minimal_demo()
    report["demo_seconds"] = time.perf_counter() - started
    log(f"demo loaded in {report['demo_seconds']:.1f} s")

    mark = time.perf_counter()
    with transaction.atomic():
        built = content.build_kennisbank(rng, practices)
    report.update({k: v for k, v in built.items() if k not in ("index", "practice_ids")})
    log(
        f"kennisbank: {built['methods']} methods, {built['practices']} practices, "
        f"{built['tips']} tips in {time.perf_counter() - mark:.1f} s"
    )

    mark = time.perf_counter()
    writer = Writer(rng)
    group_share = documents // 2 if groups and groups_available() else 0
    with transaction.atomic():
        public = docs.build_documents(writer, documents - group_share)
        docs.attach(public, built["practice_ids"])
    if groups and groups_available():
        from bench import groups as group_seed

        with transaction.atomic():
            report["groups"] = group_seed.build_groups(
                writer, groups, documents=group_share, start=len(public)
            )
    report["documents_created"] = len(public) + group_share
    log(f"documents and groups in {time.perf_counter() - mark:.1f} s")
    report["seed_seconds"] = time.perf_counter() - started

    if index:
        mark = time.perf_counter()
        call_command("rebuild_search", verbosity=0, stdout=io.StringIO())
        report["rebuild_search_seconds"] = time.perf_counter() - mark
        log(f"rebuild_search in {report['rebuild_search_seconds']:.1f} s")
    report["total_seconds"] = time.perf_counter() - started
    return report


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=None, help="default: practices / 5")
    parser.add_argument("--groups", type=int, default=None, help="default: practices / 200")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same text)")
    parser.add_argument("--no-index", action="store_true", help="skip rebuild_search")
    parser.add_argument(
        "--minimal-demo",
        action="store_true",
        help="only the demo accounts and start page instead of the whole demo (faster)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.documents is None:
        args.documents = args.practices // 5
    if args.groups is None:
        args.groups = max(3, args.practices // 200) if args.practices else 0
    return args


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    report = seed(
        args.practices,
        args.documents,
        args.groups,
        rng_seed=args.seed,
        index=not args.no_index,
        full_demo=not args.minimal_demo,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            shown = f"{value:.1f}" if isinstance(value, float) else value
            print(f"{key}: {shown}")


if __name__ == "__main__":
    main()
