#!/usr/bin/env python
"""In-process measurements against the benchmark database (run by ``bench/run.py`` in a
subprocess with the same environment as the server).

    python bench/inprocess.py catalogue   # pages to load, their queries and bytes, sessions
    python bench/inprocess.py search      # search latency p50/p95 over 200 queries
    python bench/inprocess.py import      # importer throughput on generated sheets
    python bench/inprocess.py extraction  # text extraction throughput (pages/s)
    python bench/inprocess.py after       # the last three in one process

Each prints one JSON object. Query counts are taken with the page cache off (the cost
of rendering the page, which is what a logged-in member always pays and an anonymous
visitor pays on a cache miss), on the second request of a client (the first one fills
per-process caches such as content types and the site root paths).
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEMBER = "partner"  # a logged-in partner of the network (demo account)
GROUP_MEMBER = "lid"  # a member of the demo working group "Participatie"
STATIC_PATH = "/static/portal/css/portal.css"
REPEATS = 3


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


# --- What to measure ----------------------------------------------------------------


def _row(page, url, users):
    return {"page": page, "url": url, "users": users}


def _resolves_to_app(path):
    """True when ``path`` is served by an app view, not by Wagtail's page catch-all."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return not match.func.__module__.startswith("wagtail.")


def catalogue_rows():
    """The pages to measure on this database, and the page types that are not there."""
    from django.apps import apps
    from django.db.models import Count
    from wagtail.models import Locale

    from access.privacy import viewable_documents
    from bench import text
    from core.models import PortalDocument

    both = [None, MEMBER]
    rows, missing = [], []
    rows.append(_row("home", "/nl/", both))

    from kennisbank.models import KennisbankIndexPage, MethodPage, PracticePage, Theme

    index = KennisbankIndexPage.objects.live().filter(locale=Locale.get_default()).first()
    if index is None:
        missing.append("kennisbank")
    else:
        base = index.url
        rows.append(_row("kennisbank index", base, both))
        theme = (
            Theme.objects.filter(locale=index.locale)
            .annotate(n=Count("kennisbank_pages"))
            .order_by("-n")
            .first()
        )
        query = f"?thema={theme.slug}&type=praktijk" if theme else "?type=praktijk"
        rows.append(_row("kennisbank index (filtered)", base + query, both))
        public = PracticePage.objects.live().child_of(index).filter(audience="public")
        practice = public.order_by("pk")[public.count() // 2 : public.count() // 2 + 1].first()
        if practice:
            rows.append(_row("practice", practice.url, both))
        method = (
            MethodPage.objects.live()
            .child_of(index)
            .filter(audience="public")
            .annotate(n=Count("practices"))
            .order_by("-n", "pk")
            .first()
        )
        if method:
            rows.append(_row("method (most practices)", method.url, both))
        rows.append(_row("tips overview", base + "tips/", both))
        rows.append(_row("wie is wie", base + "wie-is-wie/", both))

    if apps.is_installed("werkgroepen") and _has_model("werkgroepen", "WorkingGroupPage"):
        rows += group_rows()
    else:
        missing.append("group space, meeting, feedback page (werkgroepen)")

    if _resolves_to_app("/nl/zoeken/"):
        rows.append(_row("search (common word)", f"/nl/zoeken/?q={text.COMMON_WORD}", both))
        rows.append(_row("search (rare word)", f"/nl/zoeken/?q={text.RARE_WORD}", both))
        if _resolves_to_app("/nl/zoeken/suggesties/"):
            rows.append(_row("suggestions", "/nl/zoeken/suggesties/?q=gez", both))
        else:
            missing.append("suggestions")
    else:
        missing.append("search and suggestions (search app)")

    document = viewable_documents(None, PortalDocument.objects.order_by("pk")).first()
    if document:
        rows.append(_row("document download", document.url, both))
    else:
        missing.append("document download (no public document)")
    rows.append(_row("static file (ceiling)", STATIC_PATH, both))
    return rows, missing


def _has_model(app_label, name):
    from django.apps import apps

    try:
        apps.get_model(app_label, name)
    except LookupError:
        return False
    return True


def group_rows():
    """The space and a meeting of a group the demo member belongs to; the feedback page."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from access.privacy import viewable_pages

    rows = []
    WorkingGroupPage = apps.get_model("werkgroepen", "WorkingGroupPage")
    user = get_user_model().objects.filter(username=GROUP_MEMBER).first()
    group_ids = list(user.groups.values_list("pk", flat=True)) if user else []
    space = (
        WorkingGroupPage.objects.live().filter(member_group_id__in=group_ids).order_by("pk").first()
    )
    if space:
        rows.append(_row("group space", space.url, [GROUP_MEMBER]))
        if _has_model("werkgroepen", "MeetingPage"):
            MeetingPage = apps.get_model("werkgroepen", "MeetingPage")
            meeting = MeetingPage.objects.live().child_of(space).order_by("-pk").first()
            if meeting:
                rows.append(_row("meeting", meeting.url, [GROUP_MEMBER]))
    if _has_model("werkgroepen", "FeedbackPage"):
        FeedbackPage = apps.get_model("werkgroepen", "FeedbackPage")
        # Not Wagtail's .public(): it ORs one condition per restriction, which SQLite
        # refuses past ~1,000 restrictions ("Expression tree is too large").
        feedback = viewable_pages(None, FeedbackPage.objects.live()).order_by("pk").first()
        if feedback:
            rows.append(_row("feedback page", feedback.url, [None, MEMBER]))
    return rows


# --- Queries and bytes ----------------------------------------------------------------


def client_for(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def measure_request(client, url, repeats=REPEATS):
    """(status, queries, bytes) of a GET, the median over ``repeats`` after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    counts, sizes, status = [], [], None
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        counts.append(len(captured))
        sizes.append(len(body))
        status = response.status_code
    return status, int(statistics.median(counts)), int(statistics.median(sizes))


def catalogue(only=None, repeats=REPEATS):
    from django.conf import settings

    rows, missing = catalogue_rows()
    if only:
        rows = [row for row in rows if row["page"] in only]
    clients, cookies = {}, {}
    for row in rows:
        for user in row["users"]:
            if user not in clients:
                clients[user] = client_for(user)
                if user:
                    cookies[user] = clients[user].cookies[settings.SESSION_COOKIE_NAME].value
    measured = []
    for row in rows:
        for user in row["users"]:
            status, queries, size = measure_request(clients[user], row["url"], repeats)
            measured.append(
                {
                    "page": row["page"],
                    "url": row["url"],
                    "user": user,
                    "status": status,
                    "queries": queries,
                    "bytes": size,
                }
            )
    return {
        "rows": measured,
        "missing": missing,
        "cookies": cookies,
        "cookie_name": settings.SESSION_COOKIE_NAME,
    }


# --- Search latency -------------------------------------------------------------------

SEARCH_WORDS = [
    "gezinnen", "ouders", "kinderopvang", "energiefactuur", "schoolkosten", "oudercafé",
    "focusgroep", "huisbezoek", "tolk", "budgetcursus", "moestuin", "Kapellen", "Mechelen",
    "sociaal huis", "CAW", "ervaringsdeskundige", "kangoeroewoning", "vervoer",
    "groeipakket", "fietsatelier",
]  # fmt: skip


def search_function():
    """(label, callable(user, query) -> (results, total)). The search app's own query
    function when it exists; otherwise Wagtail's search with the portal's privacy
    filter, ordered without relevance (see FACTS.md: relevance does not scale)."""
    try:
        from search import api
    except ImportError:
        api = None
    if api is not None and hasattr(api, "search"):
        from django.conf import settings
        from django.contrib.auth.models import AnonymousUser
        from django.test import RequestFactory

        host = next((h for h in settings.ALLOWED_HOSTS if h[:1] not in ("", ".", "*")), None)

        def run(user, q):
            request = RequestFactory().get("/nl/zoeken/", {"q": q}, HTTP_HOST=host or "testserver")
            request.user = user or AnonymousUser()
            outcome = api.search(request, q, request.GET, "nl")
            return outcome.results, outcome.total

        return "search.api.search with facets", run

    from wagtail.models import Locale, Page

    from access.privacy import viewable_pages

    def fallback(user, q):
        pages = viewable_pages(user, Page.objects.live().filter(locale=Locale.get_default()))
        results = pages.search(q, order_by_relevance=False)
        return list(results[:10]), results.count()

    return "Wagtail search + privacy filter (no search app on main)", fallback


def search_latency(queries=200, cold=False):
    """p50/p95 of ``queries`` searches. The search keeps counts and result pages under
    the content version, so most of these repeat a kept search; ``cold``: the cache is
    emptied before every round of the words, so every search is the first of its word
    for its user since a change (as after an edit)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    label, run = search_function()
    users = [None, get_user_model().objects.get(username=MEMBER)]
    run(None, "gezin")  # warm up
    timings = []
    for number in range(queries):
        word = SEARCH_WORDS[number % len(SEARCH_WORDS)]
        if cold and number % len(SEARCH_WORDS) == 0:
            cache.clear()
        started = time.perf_counter()
        run(users[number % 2], word)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "label": label + (" (every search the first of its word since a change)" if cold else ""),
        "queries": queries,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * len(timings)) - 1],
    }


# --- Importer and extraction throughput ----------------------------------------------


# A run has one-off costs (Django's URL table for the links it prints, the first
# lookups of terms, the search index at the end: about 0.1 s) that weigh on a short
# run; over 100 sheets the figure is the rate of the sheets themselves.
IMPORT_SHEETS = 100


def import_throughput(sheets=IMPORT_SHEETS):
    import random

    from django.core.management import call_command

    from bench import files
    from bench.text import Writer

    writer = Writer(random.Random(7))
    with tempfile.TemporaryDirectory(prefix="bench-sheets-") as folder:
        for number in range(sheets):
            Path(folder, f"fiche-{number:04d}.txt").write_text(
                files.practice_sheet(writer, number), encoding="utf-8"
            )
        started = time.perf_counter()
        call_command("import_praktijkfiches", folder, "--publish", stdout=io.StringIO())
        elapsed = time.perf_counter() - started
    return {"sheets": sheets, "seconds": elapsed, "sheets_per_s": sheets / elapsed}


def extraction_throughput(documents=10, pages=20):
    import random

    from bench import files
    from bench.text import Writer

    writer = Writer(random.Random(3))
    blobs = [files.report_pdf(writer, pages) for _ in range(documents)]
    try:
        from search.api import extract_text

        label = "search.api.extract_text"

        def extract(data, name):
            return extract_text(io.BytesIO(data), name)

    except ImportError:
        from pypdf import PdfReader

        label = "pypdf directly (search.extraction not on main)"

        def extract(data, name):
            return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)

    started = time.perf_counter()
    characters = 0
    for number, data in enumerate(blobs):
        characters += len(extract(data, f"verslag-{number}.pdf"))
    elapsed = time.perf_counter() - started
    if characters < documents * pages * 100:
        raise RuntimeError(f"extraction returned too little text ({characters} characters)")
    return {
        "label": label,
        "pages": documents * pages,
        "seconds": elapsed,
        "pages_per_s": documents * pages / elapsed,
    }


def after_load(search_queries=200, import_sheets=IMPORT_SHEETS, extraction_runs=3):
    """The figures taken after the load test, in one process: search latency,
    extraction throughput (several runs) and, last because it adds pages, the importer."""
    return {
        "search": search_latency(search_queries),
        "extraction": [extraction_throughput() for _ in range(extraction_runs)],
        "imports": import_throughput(import_sheets),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["catalogue", "search", "import", "extraction", "after"])
    parser.add_argument("--only", help="comma-separated page names (catalogue)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="requests per page")
    parser.add_argument("--search-queries", type=int, default=200)
    parser.add_argument(
        "--search-cold", action="store_true", help="empty the cache before every search"
    )
    parser.add_argument("--import-sheets", type=int, default=IMPORT_SHEETS)
    parser.add_argument("--extraction-runs", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    if args.command == "catalogue":
        only = {n.strip() for n in args.only.split(",")} if args.only else None
        result = catalogue(only, args.repeats)
    elif args.command == "search":
        result = search_latency(args.search_queries, args.search_cold)
    elif args.command == "import":
        result = import_throughput(args.import_sheets)
    elif args.command == "extraction":
        result = extraction_throughput()
    else:
        result = after_load(args.search_queries, args.import_sheets, args.extraction_runs)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
