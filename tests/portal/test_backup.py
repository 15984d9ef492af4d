"""Backups restore: a round trip keeps every table that holds content and every file,
onto a database that was never migrated too, and a bad archive changes nothing.

These tests run the commands as an operator would, in separate processes against their
own databases (SQLite files, or fresh databases on the suite's PostgreSQL server), so
the dump sees committed data and the restore starts from a really empty database. The
functions ``add_content`` and ``snapshot`` run inside such a process
(``manage.py shell -c``).
"""

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.models import Comment

from core.models import PortalImage
from kennisbank.models import PracticeAttachment, PracticePage
from search.models import SearchTerm
from tests.portal.easyread_factories import GlossaryTermFactory
from tests.search.factories import PortalDocumentFactory, SynonymFactory
from werkgroepen.models import CalendarToken, InputItem, MemberProfile, WorkingGroupPage

ROOT = Path(__file__).resolve().parents[2]
SUITE_DB = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.own_database

# Models whose rows must exist in the source site, so the round trip compares real
# content of each kind (every other table is compared too, empty or not).
CONTENT_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailcore.Comment",
    "wagtail_localize.Translation",
    "wagtail_localize.StringTranslation",
    "kennisbank.PracticePage",
    "kennisbank.MethodPage",
    "kennisbank.PracticeTip",
    "kennisbank.PracticeObstacle",
    "kennisbank.PracticeAttachment",
    "kennisbank.Theme",
    "kennisbank.TargetGroup",
    "kennisbank.KennisbankPage_themes",
    "werkgroepen.WorkingGroupPage",
    "werkgroepen.MemberProfile",
    "werkgroepen.MeetingPage",
    "werkgroepen.MeetingPage_attendees",
    "werkgroepen.MeetingDocument",
    "werkgroepen.DocumentVersion",
    "werkgroepen.InputItem",
    "werkgroepen.FeedbackPage",
    "werkgroepen.CalendarToken",
    "auth.User",
    "auth.Group",
    "auth.User_groups",
    "portal.PortalDocument",
    "portal.PortalImage",
    "portal.PortalRendition",
    "portal.GlossaryTerm",
    "home.EasyReadPage",
    "search.Synonym",
    "search.SearchTerm",
    "wagtailsearchpromotions.SearchPromotion",
]
# Tables that `restore` rebuilds on purpose: the search indexes (update_index) and the
# content version that tells caches to let go. They are not content.
DERIVED_PREFIXES = (
    "search_searchentry",
    "search_searchtext",
    "wagtailsearch_indexentry",
    "portal_contentversion",
)


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
            # Plain archives unless a test sets a key (test_backup_encryption.py).
            "BACKUP_KEY": "",
            "BACKUP_KEY_PREVIOUS": "",
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

    def run(self, function):
        """Run a function of this module inside the site; return what it printed."""
        code = f"from tests.portal.test_backup import {function}; {function}()"
        return self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]

    def snapshot(self):
        return json.loads(self.run("snapshot"))


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _plain(value):
    return bytes(value).hex() if isinstance(value, bytes | memoryview) else str(value)


def snapshot():
    """Inside a site: print every table's row count and a digest of its rows, which
    table each model has, and a checksum of every media file."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(json.dumps(row, default=_plain) for row in cursor.fetchall())
            tables[table] = [len(rows), _sha256("\n".join(rows).encode())]
    files = {}
    for prefix, root in (("media", settings.MEDIA_ROOT), ("private", settings.PRIVATE_MEDIA_ROOT)):
        for path in Path(root).rglob("*"):
            if path.is_file():
                files[f"{prefix}/{path.relative_to(root)}"] = _sha256(path.read_bytes())
    models = {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
    }
    print(json.dumps({"tables": tables, "models": models, "files": files}))


class PortalImageFactory(wagtail_factories.ImageFactory):
    """A real image file (wagtail-factories draws one) in the portal's image model."""

    class Meta:
        model = PortalImage


def add_content():
    """Inside a site, after load_demo: rows of the kinds the demo leaves empty."""
    user = get_user_model().objects.order_by("pk").first()
    practice = PracticePage.objects.order_by("pk").first()
    document = PortalDocumentFactory(
        title="Verslag", file=ContentFile(b"Verslag van de werkgroep", name="verslag.txt")
    )
    PracticeAttachment.objects.create(page=practice, document=document)
    image = PortalImageFactory(title="Foto")
    image.get_rendition("fill-20x20")
    Comment.objects.create(page=practice, user=user, text="Klopt dit?", contentpath="title")
    CalendarToken.objects.create(user=user)
    SearchTerm.objects.create(day=date(2026, 12, 1), query="armoede", language="nl", searches=3)
    GlossaryTermFactory(term="leefloon")
    SynonymFactory(terms="leefloon, integratie-inkomen")
    space = WorkingGroupPage.objects.order_by("pk").first()
    InputItem.objects.create(
        space=space,
        locale=space.locale,
        text="De wachttijd bij het OCMW is te lang.",
        public_summary="Wachttijden zijn te lang.",
    )
    assert MemberProfile.objects.exists()


def content(state):
    """The tables that hold content: everything but the derived ones."""
    return {
        table: value
        for table, value in state["tables"].items()
        if not table.startswith(DERIVED_PREFIXES)
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A site with the demo content and the kinds of rows the demo lacks; shared by
    the tests of this module, which leave its content as they found it."""
    site = Site(tmp_path_factory.mktemp("source"), "source")
    site.manage("migrate", "-v0")
    site.manage("load_demo")
    site.manage("shell", "-c", "from tests.portal.test_backup import add_content; add_content()")
    return site


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "backup.tar.gz"
    source.manage("backup", str(path))
    return path


@pytest.fixture(scope="module")
def source_state(source, archive):
    return source.snapshot()


def test_the_source_holds_every_kind_of_content(source_state):
    tables, models = source_state["tables"], source_state["models"]
    empty = [label for label in CONTENT_MODELS if tables[models[label]][0] == 0]
    assert not empty, f"the round trip would not check these: {empty}"
    assert any(name.startswith("private/") for name in source_state["files"])
    assert any("/images/" in name for name in source_state["files"]), "no rendition file"


def test_the_manifest_lists_every_file_with_its_checksum(archive, source_state):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    listed = {name.replace("private-media/", "private/", 1) for name in manifest["files"]}
    assert listed == set(source_state["files"])
    assert manifest["counts"]["pages"] == source_state["tables"]["wagtailcore_page"][0]


@pytest.mark.parametrize("migrated", [False, True], ids=["never-migrated", "migrated"])
def test_round_trip_keeps_every_table_and_every_file(source_state, archive, tmp_path, migrated):
    target = Site(tmp_path, "target")
    if migrated:
        target.manage("migrate", "-v0")
    result = target.manage("restore", str(archive))
    assert "verified" in result.stdout
    restored = target.snapshot()
    assert content(restored) == content(source_state)
    assert restored["files"] == source_state["files"]
    # The search index was rebuilt, and nothing is left to migrate.
    assert restored["tables"]["search_searchentry"][0] > 0
    assert target.manage("migrate", "--check", check=False).returncode == 0


def test_restore_refuses_to_overwrite_a_database_that_is_not_empty(source, archive):
    refused = source.manage("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    forced = source.manage("restore", str(archive), "--force", "--skip-index")
    assert "verified" in forced.stdout


def _rewrite(archive, target, change, fix_checksums=True):
    """Copy ``archive`` to ``target`` with ``change(folder)`` applied to its contents."""
    folder = target.with_suffix(".d")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    change(folder)
    if fix_checksums:
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        db = manifest["database"]
        db["sha256"] = _sha256((folder / db["file"]).read_bytes())
        manifest_path.write_text(json.dumps(manifest))
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(folder.iterdir()):
            tar.add(path, path.name)
    return target


def _newer_schema(folder):
    """What a later version's archive looks like: a migration this code lacks."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"].append("search.9999_from_a_newer_version")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    db_file = folder / manifest["database"]["file"]
    if db_file.suffix == ".sqlite3":
        db = sqlite3.connect(db_file)
        with db:
            db.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('search', '9999_from_a_newer_version', '2027-01-01')"
            )
        db.close()


def _newer_format(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format"] = 99
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _changed_document(folder):
    document = next(path for path in (folder / "private-media").rglob("*") if path.is_file())
    document.write_bytes(b"not what was backed up")


def _without_manifest(folder):
    (folder / "manifest.json").unlink()


def _bad_archive(kind, archive, tmp_path):
    path = tmp_path / f"{kind}.tar.gz"
    data = archive.read_bytes()
    if kind == "missing":
        return tmp_path / "nope.tar.gz"
    if kind == "not-an-archive":
        path.write_text("Dit is een boodschappenlijstje, geen back-up.\n")
    elif kind == "gzip-but-no-tar":
        path.write_bytes(gzip.compress(b"Dit is geen tar-archief.\n" * 100))
    elif kind == "cut-short":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "garbled":
        middle = len(data) // 2
        garbled = bytes(byte ^ 0x5A for byte in data[middle : middle + 64])
        path.write_bytes(data[:middle] + garbled + data[middle + 64 :])
    elif kind == "no-manifest":
        _rewrite(archive, path, _without_manifest, fix_checksums=False)
    elif kind == "changed-file":
        _rewrite(archive, path, _changed_document, fix_checksums=False)
    elif kind == "newer-schema":
        _rewrite(archive, path, _newer_schema)
    elif kind == "newer-format":
        _rewrite(archive, path, _newer_format)
    elif kind == "unsafe-path":
        payload = tmp_path / "x.txt"
        payload.write_text("x")
        with tarfile.open(path, "w:gz") as tar:
            tar.add(payload, "../../evil.txt")
    return path


BAD_ARCHIVES = {
    "missing": "no archive at",
    "not-an-archive": "is not a backup archive",
    "gzip-but-no-tar": "is not a backup archive",
    "cut-short": "is damaged",
    "garbled": "is damaged",
    "no-manifest": "not a backup archive of the portal",
    "changed-file": "is damaged",
    "newer-schema": "newer version of the portal",
    "newer-format": "newer version",
    "unsafe-path": "unsafe path",
}


@pytest.mark.parametrize("kind", BAD_ARCHIVES)
def test_a_bad_archive_is_refused_in_one_sentence_and_changes_nothing(
    kind, source, archive, source_state, tmp_path
):
    bad = _bad_archive(kind, archive, tmp_path)
    result = source.manage("restore", str(bad), "--force", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CommandError: "), result.stderr
    assert BAD_ARCHIVES[kind] in lines[0]
    assert not (tmp_path.parent / "evil.txt").exists()
    after = source.snapshot()
    assert content(after) == content(source_state)
    assert after["files"] == source_state["files"]


def test_a_bad_archive_leaves_a_blank_database_blank(archive, tmp_path):
    target = Site(tmp_path, "target")
    bad = _bad_archive("newer-schema", archive, tmp_path)
    result = target.manage("restore", str(bad), check=False)
    assert "newer version of the portal" in result.stderr
    assert content(target.snapshot()) == {}


def test_an_archive_of_an_older_version_is_migrated_forward(tmp_path):
    # An older version: every migration but the last ones of werkgroepen (any app whose
    # later migrations can be unapplied would do).
    old = Site(tmp_path, "old")
    old.manage("migrate", "-v0")
    old.manage("migrate", "werkgroepen", "0001", "-v0")
    assert old.manage("migrate", "--check", check=False).returncode != 0
    archive = tmp_path / "old.tar.gz"
    old.manage("backup", str(archive))

    target = Site(tmp_path, "target")
    result = target.manage("restore", str(archive), "--skip-index")
    assert "older version" in result.stdout
    assert target.manage("migrate", "--check", check=False).returncode == 0
