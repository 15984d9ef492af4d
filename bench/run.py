#!/usr/bin/env python
"""Benchmark the portal: seed a fresh database, serve it with gunicorn, load it, print
two Markdown tables (``make bench SIZE=N``).

    python bench/run.py --size 1000            # 1,000 practices (default)
    python bench/run.py --size demo            # the demo content only
    python bench/run.py --size 10000 --runs 3 --duration 5

Steps: a temporary folder gets a new SQLite database (or, with ``--postgres``, a new
database on the PostgreSQL server of ``DATABASE_URL``), migrated and seeded by
``bench/seed.py``; ``bench/inprocess.py`` measures queries and bytes per page with
the Django test client and creates the members' sessions; gunicorn (2 workers,
production settings, page cache on) serves the portal on a free loopback port; wrk
(or ``bench/loadgen.py`` when wrk is missing) loads each page for ``--runs`` runs of
``--duration`` seconds; the figures are the medians of the runs. Afterwards the
in-process figures: search latency, importer and extraction throughput.

stdout gets the tables only; progress goes to stderr. Every request goes to
127.0.0.1, every loop is bounded, and the server is stopped at the end.
"""

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
SIZES = {"demo": 0}

HEADER = "| page | user | req/s | p50 ms | p95 ms | p99 ms | queries | bytes |"


STARTED = time.monotonic()


def log(message):
    print(f"[bench {time.monotonic() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The machine ------------------------------------------------------------------------


def machine(database_label):
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram} RAM, Python {platform.python_version()}, "
        f"{database_label}; load average {load:.1f} at the start"
    )


# --- The database -----------------------------------------------------------------------


class Database:
    """A fresh database for one benchmark: SQLite in the work folder, or a new database
    on the PostgreSQL server of DATABASE_URL (dropped at the end)."""

    def __init__(self, work, postgres_url=None, template=None):
        self.postgres_url = postgres_url
        self.name = None
        if postgres_url:
            import psycopg

            self.name = f"netwerkportaal_bench_{os.getpid()}"
            with psycopg.connect(postgres_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
                version = conn.execute("SHOW server_version").fetchone()[0]
            base = postgres_url.rsplit("/", 1)[0]
            self.url = f"{base}/{self.name}"
            if template:
                # A pg_dump (custom format) of a migrated database.
                subprocess.run(
                    ["pg_restore", "--no-owner", "--no-privileges", "-d", self.url, template],
                    check=True,
                )
            self.label = f"PostgreSQL {version.split()[0]}"
        else:
            self.path = work / "db.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.label = f"SQLite {sqlite3.sqlite_version}"

    def drop(self):
        if self.postgres_url and self.name:
            import psycopg

            with psycopg.connect(self.postgres_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def environment(work, database, *, serving):
    """Environment of the subprocesses: dev settings to build (the demo accounts are
    refused under production settings), production settings to serve and measure."""
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "MACHINE_TRANSLATOR": "dummy",
        "EMAIL_URL": "dummymail://",  # the demo's notifications would fill stdout
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if serving:
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(48),
                "BACKUP_KEY": secrets.token_urlsafe(32),
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_HSTS_SECONDS": "0",
                "LOG_LEVEL": "WARNING",
                "AXES_FAILURE_LIMIT": "100000",
            }
        )
    else:
        env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DEBUG": "0"})
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def python_json(env, script, *args):
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"bench/{script} {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    if done.stderr.strip():
        for line in done.stderr.strip().splitlines()[-5:]:
            log(f"  {script}: {line}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The server -------------------------------------------------------------------------


class Server:
    def __init__(self, env, work, workers=2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = work / "gunicorn.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(self.base + "/static/portal/css/portal.css", timeout=5)  # noqa: S310
                break
            except Exception as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(
                        "gunicorn did not start:\n" + self.log_path.read_text()[-3000:]
                    ) from error
                time.sleep(0.3)

    def worker_pids(self):
        pids = []
        task = Path(f"/proc/{self.process.pid}/task")
        for child_list in task.glob("*/children"):
            pids += [int(p) for p in child_list.read_text().split()]
        return pids

    def peak_rss_mb(self):
        """VmHWM (peak resident set) of each worker, in MiB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return peaks

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --- Load -------------------------------------------------------------------------------


def load_once(client, url, *, duration, connections, cookie=None):
    headers = [f"Cookie: {cookie}"] if cookie else []
    if client == "wrk":
        seconds = max(1, round(duration))  # wrk takes whole seconds
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        command += ["-s", str(WRK_SCRIPT)]
        for header in headers:
            command += ["-H", header]
        done = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=duration + 60, check=True
        )
    else:
        command = [PYTHON, str(ROOT / "bench" / "loadgen.py"), url]
        command += ["--connections", str(connections), "--duration", str(duration)]
        for header in headers:
            command += ["--header", header]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 90, check=True
        )
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    result = json.loads(line)
    result["rps"] = result["requests"] / max(result["duration_s"], 1e-9)
    return result


def load(client, url, *, runs, duration, connections, cookie=None, warmup=1.0):
    if warmup > 0:
        load_once(client, url, duration=warmup, connections=connections, cookie=cookie)
    else:
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 -- loopback
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 -- loopback
    results = [
        load_once(client, url, duration=duration, connections=connections, cookie=cookie)
        for _ in range(runs)
    ]
    median = {
        key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p95", "p99")
    }
    median["errors"] = sum(r["socket_errors"] + r["status_errors"] for r in results)
    median["requests"] = sum(r["requests"] for r in results)
    return median


# --- Output -----------------------------------------------------------------------------


def fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def page_table(rows, machine_line, notes):
    lines = [HEADER, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        if row.get("requests") == 0:
            # Not one request finished within the runs: no latency to report.
            row = {**row, "p50": None, "p95": None, "p99": None}
        lines.append(
            "| {page} | {user} | {rps} | {p50} | {p95} | {p99} | {queries} | {bytes} |".format(
                page=row["page"],
                user=row["user"] or "anonymous",
                rps=fmt(row.get("rps")),
                p50=fmt(row.get("p50")),
                p95=fmt(row.get("p95")),
                p99=fmt(row.get("p99")),
                queries=row["queries"],
                bytes=f"{row['bytes']:,}",
            )
        )
    lines += ["", f"Machine: {machine_line}."]
    lines += [f"{note}" for note in notes]
    return "\n".join(lines)


def measure_table(measures, machine_line):
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in measures]
    lines += ["", f"Machine: {machine_line}."]
    return "\n".join(lines)


# --- Main -------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1000", help="practices: a number or 'demo'")
    parser.add_argument("--documents", type=int, help="default: practices / 5")
    parser.add_argument("--groups", type=int, help="default: practices / 200, at least 3")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=1, help="seconds of warm-up load")
    parser.add_argument("--extraction-runs", type=int, default=3)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--only", help="comma-separated page names to load (others skipped)")
    parser.add_argument(
        "--minimal-demo", action="store_true", help="seed on the demo accounts only"
    )
    parser.add_argument(
        "--query-repeats",
        type=int,
        default=3,
        help="in-process requests per page for queries and bytes (they are deterministic)",
    )
    parser.add_argument("--search-queries", type=int, default=200)
    parser.add_argument(
        "--import-sheets",
        type=int,
        help="sheets for the import throughput (default: bench/inprocess.py's)",
    )
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL's server")
    parser.add_argument(
        "--template",
        help="a migrated database to start from instead of migrating: an SQLite file, or "
        "with --postgres a pg_dump file in custom format",
    )
    parser.add_argument(
        "--seeded",
        help="a folder seeded before (db.sqlite3, private/, media/, seed.json): copy it "
        "instead of migrating and seeding (SQLite only)",
    )
    parser.add_argument("--workdir", help="folder to use (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write all figures to this JSON file")
    args = parser.parse_args(argv)
    args.practices = SIZES[args.size] if args.size in SIZES else int(args.size)
    return args


def _counted(path):
    """What a seeded database holds, when its folder has no seeder's report."""
    import sqlite3
    from contextlib import closing

    tables = {
        "practices": "kennisbank_practicepage",
        "methods": "kennisbank_methodpage",
        "documents_created": "portal_portaldocument",
        "groups": "werkgroepen_workinggrouppage",
        "pages_total": "wagtailcore_page",
    }
    with closing(sqlite3.connect(path)) as db:
        return {
            key: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 -- names above
            for key, table in tables.items()
        }


def reuse(args, work, database):
    """Start from a folder seeded before (``db.sqlite3``, ``private/``, ``media/`` and
    the seeder's JSON report ``seed.json``), copied so the original stays as it was."""
    source = Path(args.seeded)
    shutil.copyfile(source / "db.sqlite3", database.path)
    for folder in ("private", "media"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, work / folder, dirs_exist_ok=True)
    report = {"seed_seconds": None}
    if (source / "seed.json").exists():
        lines = [x for x in (source / "seed.json").read_text().splitlines() if x.startswith("{")]
        report.update(json.loads(lines[-1]))
    else:
        report.update(_counted(database.path))
    report["migrate_seconds"] = None  # done before, not measured in this run
    log(f"reusing the portal seeded in {source}")
    return report


def build(args, work, database):
    if args.seeded:
        return reuse(args, work, database)
    env = environment(work, database, serving=False)
    started = time.perf_counter()
    if args.template and database.postgres_url:
        log(f"database restored from {args.template}")
    elif args.template:
        shutil.copyfile(args.template, database.path)
        log("database copied from the template")
    else:
        log("migrating a fresh database")
        manage(env, "migrate", "--noinput", "-v0")
    migrate_seconds = time.perf_counter() - started
    seed_args = ["--practices", str(args.practices), "--json"]
    if args.minimal_demo:
        seed_args.append("--minimal-demo")
    if args.documents is not None:
        seed_args += ["--documents", str(args.documents)]
    if args.groups is not None:
        seed_args += ["--groups", str(args.groups)]
    log(f"seeding {args.practices} practices")
    report = python_json(env, "seed.py", *seed_args)
    report["migrate_seconds"] = migrate_seconds
    return report


def after_load(env, *args):
    """The in-process figures after the load; a failure there keeps the load figures."""
    try:
        return python_json(env, *args)
    except SystemExit as error:
        reason = str(error).strip().splitlines()[-1][:200]
        log(f"in-process figures failed: {reason}")
        failed = {"label": f"failed: {reason}", "queries": 0, "p50_ms": 0, "p95_ms": 0}
        return {
            "search": failed,
            "extraction": [{"label": "failed", "pages_per_s": 0.0}],
            "imports": {"sheets": 0, "sheets_per_s": 0.0},
        }


def run(args):
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    work = Path(args.workdir or tempfile.mkdtemp(prefix="netwerkportaal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    postgres_url = os.environ.get("DATABASE_URL") if args.postgres else None
    if args.postgres and not (postgres_url or "").startswith("postgres"):
        raise SystemExit("--postgres needs DATABASE_URL of a PostgreSQL server")
    database = Database(work, postgres_url, template=args.template if args.postgres else None)
    server = None
    try:
        machine_line = machine(database.label)
        seed_report = build(args, work, database)
        env = environment(work, database, serving=True)
        manage(env, "collectstatic", "--noinput", "-v0")

        measure_env = {**env, "PORTAL_PAGE_CACHE": "0"}
        log("measuring queries and bytes in-process")
        catalogue = python_json(
            measure_env,
            "inprocess.py",
            "catalogue",
            f"--repeats={args.query_repeats}",
            *(["--only", args.only] if args.only else []),
        )
        rows = catalogue["rows"]

        log(f"starting gunicorn; load client: {client}")
        server = Server(env, work)
        for row in rows:
            if row["status"] >= 400:
                log(f"skipping {row['page']} ({row['user']}): status {row['status']}")
                continue
            cookie = None
            if row["user"]:
                cookie = f"{catalogue['cookie_name']}={catalogue['cookies'][row['user']]}"
            row.update(
                load(
                    client,
                    server.base + row["url"],
                    runs=args.runs,
                    duration=args.duration,
                    connections=args.connections,
                    cookie=cookie,
                    warmup=args.warmup,
                )
            )
            log(f"{row['page']} / {row['user'] or 'anonymous'}: {row['rps']:.1f} req/s")
        peaks = server.peak_rss_mb()
        server.stop()
        server = None

        log("in-process figures: search, import, extraction")
        after = after_load(
            measure_env,
            "inprocess.py",
            "after",
            "--search-queries",
            str(args.search_queries),
            *(["--import-sheets", str(args.import_sheets)] if args.import_sheets else []),
            "--extraction-runs",
            str(args.extraction_runs),
        )
        search, extraction, imports = after["search"], after["extraction"], after["imports"]
    finally:
        if server:
            server.stop()
        database.drop()
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    notes = [
        f"Size: {seed_report.get('practices', args.practices):,} generated practices"
        f" ({seed_report.get('methods', 0)} methods, {seed_report.get('documents_created', 0)}"
        f" documents, {seed_report.get('groups', 0)} working groups) on top of the"
        f" {'demo accounts' if args.minimal_demo else 'demo content'};"
        f" {seed_report.get('pages_total', '?')} pages in all.",
        f"Load: {client}, {args.connections} connections, {args.runs} runs of"
        f" {args.duration:g} s per row (median); gunicorn with 2 sync workers, production"
        " settings, anonymous page cache on. Queries and bytes: in-process, page cache off"
        " (what a logged-in member always pays, an anonymous visitor on a cache miss).",
    ]
    if catalogue["missing"]:
        notes.append("Not on main yet, so not measured: " + "; ".join(catalogue["missing"]) + ".")
    stalled = [r for r in rows if r.get("requests") == 0]
    if stalled:
        notes.append(
            "No request finished within a run (latency shown as -): "
            + ", ".join(f"{r['page']} ({r['user'] or 'anonymous'})" for r in stalled)
            + "."
        )
    errors = [r for r in rows if r.get("errors")]
    if errors:
        notes.append(
            "Errors under load: "
            + ", ".join(f"{r['page']} ({r['user'] or 'anonymous'}): {r['errors']}" for r in errors)
            + "."
        )
    skipped = [r for r in rows if r["status"] >= 400]
    if skipped:
        notes.append(
            "Not loaded (error status in-process): "
            + ", ".join(f"{r['page']} ({r['user'] or 'anonymous'}): {r['status']}" for r in skipped)
        )
    measured_rows = [r for r in rows if "rps" in r or r["status"] >= 400]

    extraction_rate = statistics.median(e["pages_per_s"] for e in extraction)
    measures = [
        (
            f"search latency in-process ({search['label']}, {search['queries']} queries)",
            f"p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms",
        ),
        (
            f"import throughput ({imports['sheets']} generated sheets, --publish)",
            f"{imports['sheets_per_s']:.1f} sheets/s",
        ),
        (
            f"text extraction throughput ({extraction[0]['label']}, median of {len(extraction)})",
            f"{extraction_rate:.0f} pages/s",
        ),
        (
            "rebuild_search (the portal's index, then Wagtail's update_index)",
            f"{seed_report['rebuild_search_seconds']:.1f} s"
            if "rebuild_search_seconds" in seed_report
            else "not in this run (--seeded)",
        ),
        (
            "peak RSS per gunicorn worker after the load (VmHWM)",
            ", ".join(f"{p:.0f} MiB" for p in sorted(peaks)) or "-",
        ),
        (
            "seeding (demo + generated content, without rebuild_search)"
            + (" in the earlier seeding run" if args.seeded else ""),
            "not known (no seed.json)"
            if seed_report["seed_seconds"] is None
            else f"{seed_report['seed_seconds']:.1f} s",
        ),
        (
            "migrate (fresh database)",
            "not in this run (--seeded)"
            if seed_report["migrate_seconds"] is None
            else f"{seed_report['migrate_seconds']:.1f} s",
        ),
    ]
    output = "\n\n".join(
        [page_table(measured_rows, machine_line, notes), measure_table(measures, machine_line)]
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "args": {k: v for k, v in vars(args).items() if k != "json"},
                    "machine": machine_line,
                    "rows": measured_rows,
                    "seed": seed_report,
                    "search": search,
                    "imports": imports,
                    "extraction": extraction,
                    "peak_rss_mb": peaks,
                },
                indent=1,
                default=str,
            )
        )
    return output


def main(argv=None):
    args = parse_args(argv)
    print(run(args))


if __name__ == "__main__":
    main()
