#!/usr/bin/env python
"""Soak test of the production set-up: mixed traffic and one fault at a time
(``make soak``; ``SOAK_SECONDS``, default 180).

    python bench/soak.py --seconds 180 [--fault-seconds 15] [--stack-dir DIR]

Starts the stack of ``deploy/stack.py`` in a temporary folder (or uses a running one
with ``--stack-dir``, which it then leaves running), seeds the soak's accounts and
spaces (``bench/soak_seed.py``), and runs the virtual users of
``bench/soak_traffic.py`` through nginx over HTTPS. Meanwhile, one after another, each
for ``--fault-seconds``: an app server killed (kill -9 of its process group) and
restarted; Redis stopped and started; PostgreSQL stopped and started; the worker
stopped while uploads wait for text extraction, then started. Each fault's window
lasts from the fault until every check passes again (recovery).

Prints a table per fault and the totals; the closing line says PASS or FAIL. It fails
on: an acknowledged upload or publish lost; a stored upload without its text; any leak;
any error outside a fault's window; any error while Redis is down or the worker is
stopped; anything but the friendly 503 while PostgreSQL is down; a publish seen
through the other app server later than ``PUBLISH_SECONDS``.
"""

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import soak_traffic  # noqa: E402
from deploy.stack import APPS, Stack  # noqa: E402

# A process reads the content version at most once a second (core/cache.py): a
# publish through one server shows through the other within that, plus a request.
PUBLISH_SECONDS = 3.0
# What may go wrong while a fault lasts: "any" error, "503" (the friendly page only),
# or "none".
FAULTS = (
    ("app server killed", "any"),
    ("Redis stopped", "none"),
    ("PostgreSQL restarted", "503"),
    ("worker stopped", "none"),
)


def log(message):
    print(f"[soak] {message}", file=sys.stderr, flush=True)


class Soak:
    def __init__(self, stack, plan):
        self.stack, self.plan = stack, plan
        self.recorder = soak_traffic.Recorder()
        self.stop = threading.Event()
        self.windows = []  # dicts: name, rule, start, repaired, recovered
        self.db_url = stack.state["env"]["DATABASE_URL"].replace("postgres://", "postgresql://")
        self.probe = soak_traffic.Client(
            stack.url, stack.cert, soak_traffic.Recorder(), "probe",
            {plan["members"][0]["marker"]},
        )  # fmt: skip
        self.probe.login(plan["members"][0])

    # --- checks -----------------------------------------------------------------------

    def app_get(self, name, path):
        return requests.get(
            self.stack.app_url(name) + path,
            headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
            timeout=10,
            allow_redirects=False,
        )

    def seen_through_apps(self, entry):
        """Seconds until the new page is served by both app servers to anonymous
        visitors. (Search finds it once the worker has indexed it: Wagtail updates the
        search index in a background task.)"""
        url = f"{self.plan['kennisbank_url']}{entry['slug']}/"
        deadline = entry["at"] + 30
        while time.monotonic() < deadline:
            try:
                if all(entry["token"] in self.app_get(app, url).text for app in APPS):
                    return time.monotonic() - entry["at"]
            except requests.RequestException:
                pass
            time.sleep(0.2)
        return None

    def healthy(self, need_extraction=False):
        member = self.plan["members"][0]
        try:
            if not all(self.app_get(app, "/nl/").status_code == 200 for app in APPS):
                return False
        except requests.RequestException:
            return False
        page = self.probe.request("probe", "GET", self.plan["public_urls"][0])
        space = self.probe.request("probe", "GET", member["space_url"], contains=member["marker"])
        if not (page and page.status_code == 200 and space and member["marker"] in space.text):
            return False
        return not need_extraction or not self.waiting_extractions()

    def waiting_extractions(self):
        """Acknowledged uploads whose text is not extracted yet."""
        tokens = [u["token"] for u in self.recorder.uploads if u["acked"]]
        if not tokens:
            return []
        import psycopg

        try:
            with psycopg.connect(self.db_url, connect_timeout=5) as conn:
                done = {
                    row[0]
                    for row in conn.execute(
                        "SELECT substring(file from 'nota-([0-9a-f]{16})') FROM "
                        "portal_portaldocument WHERE file LIKE 'documents/%%nota-%%' "
                        "AND extracted_text <> ''"
                    )
                }
        except psycopg.Error:
            return tokens
        return [token for token in tokens if token not in done]

    # --- faults -----------------------------------------------------------------------

    def _break(self, name):
        if name == "app server killed":
            self.stack.kill("app1")
        elif name == "Redis stopped":
            self.stack.stop("redis")
        elif name == "PostgreSQL restarted":
            self.stack.stop_postgres()
        else:
            self.stack.stop("worker")

    def _repair(self, name):
        if name == "app server killed":
            self.stack.start_app("app1")
        elif name == "Redis stopped":
            self.stack.start_redis()
        elif name == "PostgreSQL restarted":
            self.stack.start_postgres()
        else:
            self.stack.start_worker()

    def fault(self, name, rule, hold):
        log(f"fault: {name} for {hold:g} s")
        window = {"name": name, "rule": rule, "start": time.monotonic()}
        self.windows.append(window)
        self._break(name)
        time.sleep(hold)
        self._repair(name)
        window["repaired"] = time.monotonic()
        deadline = window["repaired"] + 180
        while not self.healthy(need_extraction=name == "worker stopped"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.5)
        window["recovered"] = time.monotonic()
        log(f"  recovered {window['recovered'] - window['repaired']:.1f} s after the repair")

    def run(self, seconds, hold, quiet):
        started = time.monotonic()
        threads = soak_traffic.start_actors(
            self.stack.url, self.stack.cert, self.plan, self.recorder, self.stop,
            self.seen_through_apps,
        )  # fmt: skip
        time.sleep(quiet)
        for name, rule in FAULTS:
            self.fault(name, rule, hold)
            time.sleep(quiet)
        remaining = seconds - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        self.stop.set()
        for thread in threads:
            thread.join(timeout=90)
        self.elapsed = time.monotonic() - started
        log("load stopped; waiting for the worker to extract every upload")
        deadline = time.monotonic() + 180
        while self.waiting_extractions() and time.monotonic() < deadline:
            time.sleep(1)


# --- Verification and report ------------------------------------------------------------


def stored_uploads(soak):
    """{token: (sha256 of the stored file or None, extracted text holds the token)}."""
    import psycopg

    private = Path(soak.stack.state["env"]["PRIVATE_MEDIA_ROOT"])
    stored = {}
    with psycopg.connect(soak.db_url) as conn:
        rows = conn.execute(
            "SELECT file, extracted_text FROM portal_portaldocument WHERE file LIKE "
            "'documents/%%nota-%%'"
        ).fetchall()
    for file, text in rows:
        token = file.rsplit("nota-", 1)[1][:16]
        path = private / file
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        stored[token] = (digest, token in text)
    return stored


def live_publishes(soak):
    import psycopg

    with psycopg.connect(soak.db_url) as conn:
        rows = conn.execute(
            "SELECT slug FROM wagtailcore_page WHERE slug LIKE 'soak-%%' AND live"
        ).fetchall()
    return {row[0] for row in rows}


def _window_of(record, windows):
    for window in windows:
        if record.end >= window["start"] and record.start <= window["recovered"]:
            return window
    return None


def fault_rows(soak):
    rows = []
    records = soak.recorder.records
    for index, window in enumerate(soak.windows):
        until = soak.windows[index + 1]["start"] if index + 1 < len(soak.windows) else float("inf")
        during = [r for r in records if _window_of(r, soak.windows) is window]
        after = [
            r
            for r in records
            if window["recovered"] < r.start < until and _window_of(r, soak.windows) is None
        ]
        errors = [r for r in during if not r.ok]
        rows.append(
            {
                "fault": window["name"],
                "rule": window["rule"],
                "requests": len(during) + len(after),
                "during": len(errors),
                "friendly": sum(1 for r in errors if r.problem == "friendly 503"),
                "after": sum(1 for r in after if not r.ok),
                "recovery": window["recovered"] - window["repaired"],
                # The errors the fault's rule does not allow first.
                "problems": sorted(
                    {f"{r.action}: {r.problem}" for r in errors},
                    key=lambda text: text.endswith("friendly 503"),
                )[:6],
            }
        )
    return rows


def _during_fault(publish, windows):
    end = publish["at"] + (publish.get("seen_after") or 30)
    return any(end >= w["start"] and publish["at"] <= w["recovered"] for w in windows)


def _fault_problems(row):
    if row["rule"] == "none" and row["during"]:
        return [f"{row['fault']}: {row['during']} errors where none may happen"]
    if row["rule"] == "503" and row["during"] != row["friendly"]:
        return [f"{row['fault']}: {row['during'] - row['friendly']} errors that were not the 503"]
    return []


def verdict(soak, rows):
    records, uploads = soak.recorder.records, soak.recorder.uploads
    stored = stored_uploads(soak)
    live = live_publishes(soak)
    acked = [u for u in uploads if u["acked"]]
    lost = [u for u in acked if stored.get(u["token"], (None,))[0] != u["sha256"]]
    no_text = [t for t, (_, has_text) in stored.items() if not has_text]
    failed_but_stored = [u for u in uploads if not u["acked"] and u["token"] in stored]
    partial = [u for u in failed_but_stored if stored[u["token"]][0] != u["sha256"]]
    publishes = [p for p in soak.recorder.publishes if p["acked"]]
    not_live = [p for p in publishes if p["slug"] not in live]
    # While a fault lasts one server (or the database) may be down: the time limit
    # holds for publishes checked entirely outside the fault windows.
    clear = [p for p in publishes if not _during_fault(p, soak.windows)]
    slowest = max((p.get("seen_after") or 99 for p in clear), default=None)
    slow = [p for p in clear if (p.get("seen_after") or 99) > PUBLISH_SECONDS]
    outside = [r for r in records if not r.ok and _window_of(r, soak.windows) is None]
    totals = {
        "requests": len(records),
        "uploads acknowledged": len(acked),
        "acknowledged uploads stored whole (file and row)": len(acked) - len(lost),
        "stored uploads with their text extracted": f"{len(stored) - len(no_text)}/{len(stored)}",
        "uploads reported failed (of which stored whole / partly)": (
            f"{len(uploads) - len(acked)} "
            f"({len(failed_but_stored) - len(partial)} / {len(partial)})"
        ),
        "publishes acknowledged": len(publishes),
        "publishes live": len(publishes) - len(not_live),
        "slowest publish seen through both app servers, outside faults (s)": (
            f"{_seconds(slowest)} ({len(clear)} publishes)"
        ),
        "cross-user leaks": len(soak.recorder.leaks),
        "errors outside the fault windows": len(outside),
    }
    problems = [problem for row in rows for problem in _fault_problems(row)]
    checks = [
        (lost, "acknowledged uploads lost or changed"),
        (no_text, "stored uploads without extracted text"),
        (partial, "failed uploads stored partly"),
        (not_live, "acknowledged publishes not live"),
        (slow, f"publishes seen through the other server after more than {PUBLISH_SECONDS} s"),
        (soak.recorder.leaks, "leaks"),
        (outside, "errors outside the fault windows"),
    ]
    problems += [f"{len(items)} {what}" for items, what in checks if items]
    if not acked or not publishes:
        problems.append("no acknowledged upload or publish: the run proves nothing")
    notes = [*soak.recorder.leaks[:5], *{f"{r.actor} {r.action}: {r.problem}" for r in outside}]
    return totals, problems, notes


def _seconds(value):
    return "-" if value is None else f"{value:.1f}"


def report(soak, args):
    rows = fault_rows(soak)
    totals, problems, notes = verdict(soak, rows)
    rules = {"any": "errors allowed", "503": "friendly 503 only", "none": "no errors"}
    print(
        f"\nSoak: {soak.elapsed:.0f} s of mixed traffic through nginx (HTTPS), "
        f"{len(soak.plan['members'])} members, faults of {args.fault_seconds:g} s each.\n"
    )
    print(
        "| fault | while it lasts | requests | errors during | of which friendly 503 "
        "| errors after | recovery (s) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['fault']} | {rules[row['rule']]} | {row['requests']:,} | {row['during']} "
            f"| {row['friendly']} | {row['after']} | {row['recovery']:.1f} |"
        )
    print("\n| total | |\n| --- | ---: |")
    for name, value in totals.items():
        print(f"| {name} | {value} |")
    for row in rows:
        for problem in row["problems"]:
            print(f"  during '{row['fault']}': {problem}")
    for note in notes:
        print(f"  {note}")
    if problems:
        print("\nFAIL: " + "; ".join(problems))
        return 1
    print("\nPASS: nothing acknowledged lost, no leak, no error outside a fault's window.")
    return 0


# --- Main --------------------------------------------------------------------------------


def seed(stack, users):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak_seed.py"), str(users)],
        cwd=ROOT, env=stack.env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"seeding failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--fault-seconds", type=float, default=15)
    parser.add_argument("--users", type=int, default=3, help="members, each with a space")
    parser.add_argument("--stack-dir", help="use this running stack and leave it running")
    args = parser.parse_args(argv)
    own = not args.stack_dir
    stack = Stack(args.stack_dir or tempfile.mkdtemp(prefix="netwerkportaal-soak-"))
    try:
        if own:
            log(f"starting the stack in {stack.dir}")
            stack.up()
        log(f"seeding {args.users} members with a private space each")
        soak = Soak(stack, seed(stack, args.users))
        quiet = max(5.0, (args.seconds - 4 * args.fault_seconds) / 10)
        soak.run(args.seconds, args.fault_seconds, quiet)
        result = report(soak, args)
        if result and own:
            kept = Path(tempfile.mkdtemp(prefix="netwerkportaal-soak-logs-"))
            shutil.copytree(stack.path("logs"), kept, dirs_exist_ok=True)
            log(f"the stack's logs are kept in {kept}")
        return result
    finally:
        if own:
            log("stopping the stack")
            stack.down()


if __name__ == "__main__":
    sys.exit(main())
