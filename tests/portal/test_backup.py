"""Backups restore: a round trip of the demo site keeps every count and every file.

These tests run the commands as a person would, in separate processes against their
own databases (SQLite files, or fresh databases on the suite's PostgreSQL server), so
the dump sees committed data and the restore starts from a really empty database.
"""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE_DB = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.own_database


def new_database_url(tmp_path, name):
    """A new, empty database of the same kind the suite runs on."""
    if SUITE_DB.startswith("postgres"):
        import psycopg

        parts = urlsplit(SUITE_DB)
        db_name = f"backup_{name}_{uuid.uuid4().hex[:8]}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db_name}"')
        return urlunsplit(parts._replace(path=f"/{db_name}"))
    return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"


class Site:
    """One portal installation: a database and its two media folders."""

    def __init__(self, tmp_path, name):
        self.dir = tmp_path / name
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "SECRET_KEY": "backup-tests-only",
            "DATABASE_URL": new_database_url(tmp_path, name),
            "MEDIA_ROOT": str(self.dir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.dir / "private"),
        }

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode:
            raise AssertionError(result.stdout[-2000:] + result.stderr[-3000:])
        return result

    def state(self):
        code = (
            "import json;from core.backup import row_counts, file_checksums;"
            "print(json.dumps([row_counts(), file_checksums()]))"
        )
        out = self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]
        return json.loads(out)


@pytest.fixture
def source(tmp_path):
    site = Site(tmp_path, "source")
    site.manage("migrate", "-v0")
    site.manage("load_demo")
    # One private document file and one public image file, whatever the demo holds.
    site.manage(
        "shell",
        "-c",
        "from django.core.files.base import ContentFile;"
        "from wagtail.documents import get_document_model as m;"
        "m().objects.create(title='Verslag', file=ContentFile(b'Verslag', name='v.txt'))",
    )
    image_dir = site.dir / "media" / "original_images"
    image_dir.mkdir(parents=True, exist_ok=True)
    (image_dir / "foto.png").write_bytes(b"\x89PNG not really")
    return site


def test_backup_and_restore_round_trip(source, tmp_path):
    counts, files = source.state()
    assert counts["users"] >= 7 and counts["documents"] >= 1 and counts["pages"] >= 2
    assert any(name.startswith("private-media/") for name in files)
    archive = tmp_path / "backup.tar.gz"
    source.manage("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"] == counts
    assert manifest["files"] == files

    target = Site(tmp_path, "target")
    target.manage("migrate", "-v0")
    result = target.manage("restore", str(archive))
    assert "verified" in result.stdout
    assert target.state() == [counts, files]


def test_restore_refuses_to_overwrite_a_database_that_is_not_empty(source, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    source.manage("backup", str(archive))
    refused = source.manage("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    forced = source.manage("restore", str(archive), "--force", "--skip-index")
    assert "verified" in forced.stdout


def test_restore_refuses_an_archive_with_unsafe_paths(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "x.txt"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(payload, "../../evil.txt")
    target = Site(tmp_path, "target")
    target.manage("migrate", "-v0")
    result = target.manage("restore", str(evil), check=False)
    assert result.returncode != 0
    assert "unsafe" in result.stderr
    assert not (tmp_path.parent / "evil.txt").exists()


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    target = Site(tmp_path, "target")
    target.manage("migrate", "-v0")
    result = target.manage("restore", str(tmp_path / "nope.tar.gz"), check=False)
    assert result.returncode != 0
    assert "no archive" in result.stderr
