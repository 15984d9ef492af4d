"""Backups that restore: one archive with the database, the media and a manifest.

Archive layout (``.tar.gz``)::

    manifest.json            format, created, database engine, row counts, file checksums
    database.sqlite3         SQLite: a consistent copy made with SQLite's backup API
    database.pgdump          PostgreSQL: ``pg_dump --format=custom``
    media/…                  MEDIA_ROOT (images)
    private-media/…          PRIVATE_MEDIA_ROOT (documents)
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

FORMAT = 1
# Row counts recorded in the manifest and compared after a restore.
COUNTED_MODELS = {
    "pages": "wagtailcore.Page",
    "revisions": "wagtailcore.Revision",
    "users": "auth.User",
    "groups": "auth.Group",
    "page_restrictions": "wagtailcore.PageViewRestriction",
    "collection_restrictions": "wagtailcore.CollectionViewRestriction",
    "documents": "portal.PortalDocument",
    "images": "portal.PortalImage",
    "translations": "wagtail_localize.Translation",
    "locales": "wagtailcore.Locale",
}


class BackupError(Exception):
    pass


def media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def row_counts(alias="default"):
    counts = {}
    with connections[alias].cursor() as cursor:
        for key, label in COUNTED_MODELS.items():
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 -- table names from models
            counts[key] = cursor.fetchone()[0]
    return counts


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_checksums():
    checksums = {}
    for prefix, root in media_roots().items():
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                checksums[f"{prefix}/{path.relative_to(root).as_posix()}"] = sha256(path)
    return checksums


def _pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(f"{name} not found: install the PostgreSQL client tools")


def _pg_env(db):
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return env, [
        "-h",
        str(db.get("HOST") or "localhost"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
    ]


def dump_database(target_dir, alias="default"):
    connection = connections[alias]
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = Path(target_dir) / "database.sqlite3"
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return vendor, target.name
    if vendor == "postgresql":
        db = connection.settings_dict
        env, args = _pg_env(db)
        target = Path(target_dir) / "database.pgdump"
        subprocess.run(  # noqa: S603 -- fixed tool, arguments from settings
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                *args,
                "-f",
                str(target),
                db["NAME"],
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        return vendor, target.name
    raise BackupError(f"backups of {vendor} databases are not supported")


def create_backup(destination):
    """Write one archive to ``destination`` (a file, or a folder to put it in)."""
    destination = Path(destination)
    if destination.is_dir() or str(destination).endswith(os.sep):
        stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
        destination = destination / f"netwerkportaal-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vendor, db_name = dump_database(tmp)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(tz=UTC).isoformat(),
            "database": {"vendor": vendor, "file": db_name},
            "counts": row_counts(),
            "files": file_checksums(),
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = destination.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, "manifest.json")
            archive.add(Path(tmp) / db_name, db_name)
            for prefix, root in media_roots().items():
                if root.exists():
                    archive.add(root, prefix)
        partial.rename(destination)
    return destination, manifest


def database_is_empty(alias="default"):
    """True for a freshly migrated database: no users and only Wagtail's own pages."""
    counts = row_counts(alias)
    return counts["users"] == 0 and counts["pages"] <= 2 and counts["documents"] == 0


def _safe_members(archive):
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise BackupError(f"refusing unsafe path in archive: {member.name}")
        yield member


def restore_backup(archive_path, force=False, alias="default"):
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"no archive at {archive_path}")
    if not force and not database_is_empty(alias):
        raise BackupError(
            "the database is not empty; restoring would overwrite it. Use --force to do so."
        )
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, members=list(_safe_members(archive)))  # noqa: S202 -- checked
        manifest = json.loads((Path(tmp) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown archive format")
        connection = connections[alias]
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"archive holds a {vendor} database; this is {connection.vendor}")
        db_file = Path(tmp) / manifest["database"]["file"]
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            db = connection.settings_dict
            env, args = _pg_env(db)
            subprocess.run(  # noqa: S603 -- fixed tool, arguments from settings
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    *args,
                    "-d",
                    db["NAME"],
                    str(db_file),
                ],
                env=env,
                check=True,
                capture_output=True,
            )
        for prefix, root in media_roots().items():
            source_dir = Path(tmp) / prefix
            if source_dir.exists():
                shutil.copytree(source_dir, root, dirs_exist_ok=True)
    problems = verify(manifest, alias)
    return manifest, problems


def verify(manifest, alias="default"):
    """Differences between the manifest and what is now in the database and on disk."""
    problems = []
    counts = row_counts(alias)
    for key, expected in manifest["counts"].items():
        if counts.get(key) != expected:
            problems.append(f"{key}: expected {expected}, found {counts.get(key)}")
    current = file_checksums()
    for name, checksum in manifest["files"].items():
        if current.get(name) != checksum:
            problems.append(f"file {name}: missing or changed")
    return problems
