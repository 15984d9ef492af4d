"""The benchmark harness on a tiny portal, so it cannot rot: seed, serve with gunicorn,
load a few pages briefly, and print both tables with plausible figures.

The harness starts from a copy of the already migrated test database (SQLite: the
backup API; PostgreSQL: ``pg_dump``, restored by the harness) instead of migrating a
new one, which keeps this test short. The copy is made by a module fixture, before
the test's own transaction is opened (SQLite's backup waits for open transactions).
It loads with the Python client, which needs nothing installed (``make bench`` prefers
wrk when it is there).
"""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench import loadgen
from bench.run import HEADER

ROOT = Path(__file__).resolve().parents[2]
PAGES = "home,practice,search (rare word),document download,static file (ceiling)"


@pytest.fixture(scope="module")
def template_arguments(django_db_setup, django_db_blocker, tmp_path_factory):
    """Arguments for bench/run.py that start it from the migrated test database."""
    tmp_path = tmp_path_factory.mktemp("template")
    with django_db_blocker.unblock():
        return _copy_test_database(tmp_path)


def _copy_test_database(tmp_path):
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "template.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return ["--template", str(path)]
    if connection.vendor == "postgresql":
        path = tmp_path / "template.dump"
        settings = connection.settings_dict
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), settings["NAME"]],
            env={
                **os.environ,
                "PGHOST": settings["HOST"] or "",
                "PGPORT": str(settings["PORT"] or ""),
                "PGUSER": settings["USER"] or "",
                "PGPASSWORD": settings["PASSWORD"] or "",
            },
            check=True,
        )
        return ["--postgres", "--template", str(path)]
    pytest.skip(f"no template copy for {connection.vendor}")


@pytest.mark.django_db  # so that the test database exists (the fixture copies it)
def test_harness_seeds_serves_loads_and_prints_both_tables(template_arguments, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--size=4",
            "--documents=2",
            "--groups=1",
            "--minimal-demo",
            "--runs=1",
            "--duration=1",
            "--warmup=0",
            "--connections=2",
            "--client=python",
            "--search-queries=10",
            "--import-sheets=2",
            "--extraction-runs=1",
            "--query-repeats=1",
            f"--only={PAGES},group space",
            f"--workdir={tmp_path / 'work'}",
            *template_arguments,
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert out.startswith(HEADER + "\n")
    rows = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 8 and cells[0] in [*PAGES.split(","), "group space"]:
            rows[(cells[0], cells[1])] = cells
    for page in PAGES.split(","):
        for user in ("anonymous", "partner"):
            _page, _user, rps, p50, p95, p99, queries, size = rows[(page, user)]
            assert float(rps.replace(",", "")) > 0, rows[(page, user)]
            assert 0 < float(p50.replace(",", "")) <= float(p95.replace(",", ""))
            assert float(p95.replace(",", "")) <= float(p99.replace(",", ""))
            assert queries.isdigit()
            assert int(size.replace(",", "")) > 0
    assert rows[("static file (ceiling)", "anonymous")][6] == "0"
    assert float(rows[("group space", "lid")][2].replace(",", "")) > 0
    assert int(rows[("home", "partner")][6]) > 0
    assert out.count("Machine: ") == 2
    assert "| measure | value |" in out
    for measure in ("search latency", "import throughput", "extraction", "rebuild_search", "VmHWM"):
        assert measure in out
    assert re.search(r"\| import throughput [^|]*\| [0-9.]+ sheets/s \|", out)
    assert re.search(r"VmHWM\) \| [0-9]+ MiB, [0-9]+ MiB \|", out)


def test_load_generator_refuses_anything_but_loopback():
    with pytest.raises(SystemExit):
        loadgen.run("http://192.0.2.10/", duration=0.1)
    with pytest.raises(SystemExit):
        loadgen.run("https://127.0.0.1/", duration=0.1)


def test_a_seeded_folder_without_its_report_is_counted(tmp_path):
    """``--seeded`` with a folder that has no ``seed.json``: the size line counts what
    the database holds instead of repeating ``--size``."""
    from contextlib import closing

    from bench.run import _counted

    path = tmp_path / "db.sqlite3"
    rows = {
        "kennisbank_practicepage": 3,
        "kennisbank_methodpage": 2,
        "portal_portaldocument": 4,
        "werkgroepen_workinggrouppage": 1,
        "wagtailcore_page": 9,
    }
    with closing(sqlite3.connect(path)) as db:
        for table, n in rows.items():
            db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
            db.executemany(f"INSERT INTO {table} DEFAULT VALUES", [()] * n)
        db.commit()
    assert _counted(path) == {
        "practices": 3,
        "methods": 2,
        "documents_created": 4,
        "groups": 1,
        "pages_total": 9,
    }
