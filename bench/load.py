#!/usr/bin/env python
"""Bounded load test on loopback: a mix of visitors against gunicorn, and a check that
nobody ever receives another user's private content (``make loadtest``).

    .ci/with-postgres python bench/load.py                 # 30 s, PostgreSQL (make loadtest)
    python bench/load.py --sqlite --duration 10            # without PostgreSQL

Steps: a fresh database (a new one on DATABASE_URL's PostgreSQL server, or SQLite with
``--sqlite``) is migrated and seeded (``bench/seed.py``: the demo plus generated
practices), then every load account gets its own private working group holding a
unique marker string (in the space's text, a meeting and a document, also in the
search index). gunicorn (production settings, page cache on) serves the portal on a
free loopback port, and ``--clients`` threads run for ``--duration`` seconds, each
picking actions at random:

    anonymous page views, logged-in searches (for anyone's marker), own space views,
    document downloads (own, public, and someone else's), uploads into the own space,
    logins.

Every response body and header is scanned for every marker: a marker that reaches
anyone but its owner is a leak. Prints throughput, p50/p95/p99 latency and error
counts per action; exits non-zero on any 5xx, any leak, any connection error, or when
an action that must succeed never did. Every request goes to 127.0.0.1; every loop
is bounded by the duration; the server is stopped and the database dropped at the end.
"""

import argparse
import json
import math
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
PASSWORD_LENGTH = 24
MARKER_PREFIX = "LEKMARKER"
MARKER_RE = re.compile(MARKER_PREFIX + r"-\d+-[0-9a-f]{8}")
TAG_RE = re.compile(r"<[^>]*>")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# How often each action is picked (relative weights).
MIX = {
    "anonymous page": 35,
    "search": 20,
    "own space": 10,
    "download": 15,
    "upload": 10,
    "login": 10,
}
# Actions that must succeed at least once, or the run proves nothing.
MUST_SUCCEED = ("anonymous page", "search", "own space", "download", "upload", "login")


def log(message):
    print(f"[load] {message}", file=sys.stderr, flush=True)


# --- Seeding (runs inside Django, in a subprocess) ---------------------------------------


def seed_accounts(users, practices):
    """Seed the portal and one private space per load account; returns the plan."""
    from bench.seed import seed

    seed(practices, max(practices // 5, 5), 0, index=False)
    accounts = add_private_spaces(users)
    import io

    from django.core.management import call_command

    call_command("rebuild_search", verbosity=0, stdout=io.StringIO())
    return build_plan(accounts)


def add_private_spaces(users):
    """One account per user, each leading its own working group that holds a unique
    marker in its text, a meeting and a document. Returns the accounts."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from werkgroepen import documents, notifications
    from werkgroepen.models import MeetingPage, WorkingGroupIndexPage, WorkingGroupPage

    index = WorkingGroupIndexPage.objects.filter(locale__language_code="nl").first()
    accounts = []
    with notifications.suppressed():
        for number in range(users):
            marker = f"{MARKER_PREFIX}-{number}-{secrets.token_hex(4)}"
            username = f"load{number}"
            password = secrets.token_urlsafe(PASSWORD_LENGTH)
            user = get_user_model().objects.create_user(
                username, f"{username}@example.org", password
            )
            space = WorkingGroupPage(
                title=f"Loadtest {number}",
                slug=f"loadtest-{number}",
                purpose=f"<p>Afspraken van deze groep: {marker}.</p>",
            )
            index.add_child(instance=space)
            space.save_revision().publish()
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
            document = documents.create_document(
                space,
                SimpleUploadedFile("verslag.txt", f"Verslag met {marker}.".encode()),
                user,
                title=f"Verslag {marker}",
            )
            space.refresh_from_db()
            accounts.append(
                {
                    "username": username,
                    "password": password,
                    "marker": marker,
                    "space_url": space.url,
                    "upload_url": space.url + space.reverse_subpage("document_upload"),
                    "document_url": document.url,
                }
            )
    return accounts


def build_plan(accounts):
    """What the visitors ask for: the accounts, public pages and public documents."""
    from django.contrib.auth.models import AnonymousUser
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from access.privacy import viewable_documents, viewable_pages

    anonymous = AnonymousUser()
    pages = viewable_pages(anonymous, Page.objects.live().filter(depth__gte=2)).order_by("path")
    public_urls = [url for url in (p.url for p in pages.specific()[:60]) if url]
    public_docs = viewable_documents(anonymous, get_document_model().objects.all())[:10]
    return {
        "accounts": accounts,
        "public_urls": public_urls,
        "public_documents": [document.url for document in public_docs],
        "search_words": ["gezin", "tolk", "ouders", "armoede", "vergadering", "folder"],
    }


# --- The load itself (no Django needed) --------------------------------------------------


@dataclass
class Outcome:
    action: str
    status: int
    ms: float
    expected: bool


@dataclass
class Stats:
    outcomes: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    connection_errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    elapsed: float = 0.0
    # Searches for the searcher's own marker: {found: count}.
    own_searches: dict = field(default_factory=lambda: {True: 0, False: 0})

    def add(self, outcome):
        with self.lock:
            self.outcomes.append(outcome)

    def leak(self, text):
        with self.lock:
            self.leaks.append(text)

    def own_search(self, found):
        with self.lock:
            self.own_searches[found] += 1

    def error(self, text):
        with self.lock:
            self.connection_errors.append(text)


class Visitor:
    """One browser: its own cookies (sent by hand: production cookies are Secure and
    the load runs over plain HTTP on loopback), its own account or none."""

    def __init__(self, base, stats, account=None, all_markers=(), timeout=60):
        import requests

        self.base = base
        self.stats = stats
        self.account = account
        self.own = account["marker"] if account else None
        self.foreign = [m for m in all_markers if m != self.own]
        self.http = requests.Session()
        self.cookies = {}
        self.timeout = timeout

    def _check(self, response, action):
        # Search results highlight words with <mark>: look at the text without tags too.
        text = response.text
        seen = set(MARKER_RE.findall(text)) | set(MARKER_RE.findall(TAG_RE.sub("", text)))
        seen |= set(MARKER_RE.findall(" ".join(f"{k}: {v}" for k, v in response.headers.items())))
        for marker in seen:
            if marker != self.own:
                who = self.account["username"] if self.account else "anonymous"
                self.stats.leak(f"{who} received {marker} ({action} {response.url})")

    def request(self, action, method, path, expect=(200,), **kwargs):
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            response = self.http.request(
                method,
                self.base + path,
                headers=headers,
                allow_redirects=False,
                timeout=self.timeout,
                **kwargs,
            )
        except Exception as error:
            self.stats.error(f"{action} {path}: {type(error).__name__}: {error}")
            return None
        ms = (time.perf_counter() - started) * 1000
        self.http.cookies.clear()
        for header in response.raw.headers.getlist("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self._check(response, action)
        self.stats.add(Outcome(action, response.status_code, ms, response.status_code in expect))
        return response

    def csrf_token(self, action, path):
        response = self.request(action, "GET", path)
        if response is None:
            return None
        match = CSRF_RE.search(response.text)
        return match.group(1) if match else None

    def login(self):
        self.cookies = {}
        path = "/nl/accounts/login/"
        token = self.csrf_token("login", path)
        if token is None:
            return False
        response = self.request(
            "login",
            "POST",
            path,
            expect=(302,),
            data={
                "csrfmiddlewaretoken": token,
                "username": self.account["username"],
                "password": self.account["password"],
                "next": self.account["space_url"],
            },
            headers={"Referer": self.base + path},
        )
        return response is not None and response.status_code == 302


def _anonymous_page(visitor, plan, rng):
    visitor.request("anonymous page", "GET", rng.choice(plan["public_urls"]))


def _search(visitor, plan, rng):
    """Half of the searches look for someone's marker by its random part (the search
    page repeats the query, so the full marker is never typed): only its owner may get
    a result that shows it."""
    fmt = "&format=json" if rng.random() < 0.3 else ""
    if rng.random() < 0.5:
        others = [a["marker"] for a in plan["accounts"] if a["marker"] != visitor.own]
        marker = visitor.own if rng.random() < 0.5 else rng.choice(others)
        response = visitor.request(
            "search", "GET", f"/nl/zoeken/?q={marker.rsplit('-', 1)[1]}{fmt}"
        )
        if marker == visitor.own and response is not None:
            visitor.stats.own_search(marker in TAG_RE.sub("", response.text))
    else:
        visitor.request("search", "GET", f"/nl/zoeken/?q={rng.choice(plan['search_words'])}{fmt}")


def _own_space(visitor, plan, rng):
    visitor.request("own space", "GET", visitor.account["space_url"])


def _download(visitor, plan, rng):
    roll = rng.random()
    if roll < 0.5:
        visitor.request("download", "GET", visitor.account["document_url"])
    elif roll < 0.75 and plan["public_documents"]:
        visitor.request("download", "GET", rng.choice(plan["public_documents"]))
    else:
        other = rng.choice([a for a in plan["accounts"] if a is not visitor.account])
        visitor.request(
            "someone else's download", "GET", other["document_url"], expect=(302, 403, 404)
        )


def _upload(visitor, plan, rng):
    path = visitor.account["upload_url"]
    token = visitor.csrf_token("upload", path)
    if token is None:
        return
    name = f"nota-{rng.randrange(10**6)}.txt"
    body = f"Nota van de werkgroep. {visitor.own}\n".encode() * rng.randint(1, 200)
    visitor.request(
        "upload",
        "POST",
        path,
        expect=(302,),
        data={"csrfmiddlewaretoken": token, "title": "", "description": "", "tags": ""},
        files={"files": (name, body, "text/plain")},
        headers={"Referer": visitor.base + path},
    )


def _login(visitor, plan, rng):
    visitor.login()


ACTIONS = {
    "anonymous page": _anonymous_page,
    "search": _search,
    "own space": _own_space,
    "download": _download,
    "upload": _upload,
    "login": _login,
}


def run_load(base, plan, *, duration, clients, seed=1):
    """Run ``clients`` threads against ``base`` for ``duration`` seconds; returns Stats."""
    stats = Stats()
    markers = [a["marker"] for a in plan["accounts"]]
    deadline = time.monotonic() + duration
    names, weights = zip(*MIX.items(), strict=True)

    def work(number):
        rng = random.Random(seed * 1000 + number)
        account = plan["accounts"][number % len(plan["accounts"])]
        member = Visitor(base, stats, account, markers)
        anonymous = Visitor(base, stats, None, markers)
        member.login()
        while time.monotonic() < deadline:
            action = rng.choices(names, weights)[0]
            visitor = anonymous if action == "anonymous page" else member
            ACTIONS[action](visitor, plan, rng)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    stats.elapsed = time.monotonic() - started
    return stats


# --- Report ------------------------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile of ``values`` (sorted or not); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[max(0, min(len(ordered), rank) - 1)]


def summarise(stats):
    rows = []
    by_action = {}
    for outcome in stats.outcomes:
        by_action.setdefault(outcome.action, []).append(outcome)
    for action, outcomes in [*sorted(by_action.items()), ("all", stats.outcomes)]:
        times = [o.ms for o in outcomes]
        rows.append(
            {
                "action": action,
                "requests": len(outcomes),
                "rps": len(outcomes) / max(stats.elapsed, 1e-9),
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "mean": statistics.fmean(times) if times else None,
                "5xx": sum(1 for o in outcomes if o.status >= 500),
                "unexpected": sum(1 for o in outcomes if not o.expected and o.status < 500),
                "ok": sum(1 for o in outcomes if o.expected),
            }
        )
    return rows


def _fmt(value):
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(rows):
    lines = [
        "| action | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx | unexpected status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        name = f"**{row['action']}**" if row["action"] == "all" else row["action"]
        lines.append(
            f"| {name} | {row['requests']:,} | {_fmt(row['rps'])} | {_fmt(row['p50'])} | "
            f"{_fmt(row['p95'])} | {_fmt(row['p99'])} | {row['5xx']} | {row['unexpected']} |"
        )
    return "\n".join(lines)


def verdict(stats, rows):
    """(problems, notes): problems make the run fail."""
    problems = []
    by_action = {row["action"]: row for row in rows}
    total = by_action.get("all", {"5xx": 0})
    if total["5xx"]:
        problems.append(f"{total['5xx']} responses with status 5xx")
    if stats.leaks:
        problems.append(f"{len(stats.leaks)} responses carried another user's content")
    if stats.connection_errors:
        problems.append(f"{len(stats.connection_errors)} connection errors")
    for action in MUST_SUCCEED:
        if not by_action.get(action, {}).get("ok"):
            problems.append(f"no successful '{action}' request: the run proves nothing")
    notes = [*stats.leaks[:10], *stats.connection_errors[:10]]
    return problems, notes


# --- Main --------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--clients", type=int, default=6, help="concurrent visitors")
    parser.add_argument("--users", type=int, default=4, help="accounts with a private space")
    parser.add_argument("--practices", type=int, default=100, help="generated practices")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--sqlite", action="store_true", help="SQLite instead of DATABASE_URL's PostgreSQL"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed-plan", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.users < 2:
        parser.error("--users must be at least 2 (someone else's content is the point)")
    return args


def seed_plan_main(args):
    """Subprocess entry: seed the database of the current settings, print the plan."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    plan = seed_accounts(args.users, args.practices)
    print(json.dumps(plan))


def main(argv=None):
    args = parse_args(argv)
    if args.seed_plan:
        return seed_plan_main(args)

    from bench.run import Database, Server, environment, machine, manage, python_json

    postgres_url = None if args.sqlite else os.environ.get("DATABASE_URL", "")
    if not args.sqlite and not postgres_url.startswith("postgres"):
        raise SystemExit(
            "bench/load.py needs PostgreSQL: run `make loadtest` (.ci/with-postgres), "
            "or pass --sqlite"
        )
    work = Path(tempfile.mkdtemp(prefix="netwerkportaal-load-"))
    database = Database(work, postgres_url)
    server = None
    try:
        machine_line = machine(database.label)
        build_env = environment(work, database, serving=False)
        log("migrating a fresh database")
        manage(build_env, "migrate", "--noinput", "-v0")
        log(f"seeding: demo, {args.practices} practices, {args.users} private spaces")
        plan = python_json(
            build_env,
            "load.py",
            "--seed-plan",
            "--users",
            str(args.users),
            "--practices",
            str(args.practices),
        )
        serve_env = {**environment(work, database, serving=True), "PORTAL_PAGE_CACHE": "1"}
        manage(serve_env, "collectstatic", "--noinput", "-v0")
        log(f"starting gunicorn ({args.workers} workers)")
        server = Server(serve_env, work, workers=args.workers)
        log(f"{args.clients} clients for {args.duration:.0f} s on {server.base}")
        stats = run_load(server.base, plan, duration=args.duration, clients=args.clients)
        server.stop()
        server = None
    finally:
        if server is not None:
            server.stop()
        database.drop()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    rows = summarise(stats)
    problems, notes = verdict(stats, rows)
    print(
        f"Load test: {args.duration:.0f} s, {args.clients} clients, {args.users} accounts "
        f"with a private space, gunicorn with {args.workers} workers (production settings, "
        "page cache on), on 127.0.0.1.\n"
    )
    print(table(rows))
    print(
        f"\nLeaks (a marker reaching anyone but its owner): {len(stats.leaks)}. "
        f"Connection errors: {len(stats.connection_errors)}."
    )
    found, missed = stats.own_searches[True], stats.own_searches[False]
    print(f"Searches for one's own private marker that found it: {found} of {found + missed}.")
    print(f"Machine: {machine_line}.")
    for note in notes:
        print(f"  {note}")
    if problems:
        print("\nFAILED: " + "; ".join(problems))
        return 1
    print("\nOK: no 5xx, no leaks.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
