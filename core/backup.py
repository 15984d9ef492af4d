"""Backups that restore: one archive with the database, the media and a manifest.

Archive layout (``.tar.gz``)::

    manifest.json            format, created, database (engine, file, checksum),
                             applied migrations, row counts, file checksums
    database.sqlite3         SQLite: a consistent copy made with SQLite's backup API
    database.pgdump          PostgreSQL: ``pg_dump --format=custom``
    media/…                  MEDIA_ROOT (images)
    private-media/…          PRIVATE_MEDIA_ROOT (documents)

A restore checks the whole archive before it touches the database: it unpacks, checks
every checksum, checks that the database dump is readable and that its schema is not
newer than this code. Only then does it replace the database, in one transaction (the
SQLite backup API commits once at the end; ``pg_restore --single-transaction``), so a
bad archive leaves the database as it was. The dump carries its own schema, so a
database that was never migrated can take it; an archive from an older version of the
portal is migrated forward afterwards (``migrations_pending``, used by the command).

With ``BACKUP_KEY`` set, the archive is encrypted and authenticated as it is written
(``core.backup_crypto``); a restore first decrypts it into its temporary folder,
authenticating every part, with ``BACKUP_KEY`` or else ``BACKUP_KEY_PREVIOUS``. An
archive without encryption (older ones, or written in development without a key) still
restores.
"""

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.dispatch import Signal

from core.backup_crypto import (
    EncryptedWriter,
    EncryptionError,
    check_key,
    decrypt_file,
    is_encrypted,
)

FORMAT = 2
# Format 1 archives lack the database checksum and the migrations; they still restore.
READABLE_FORMATS = {1, 2}
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
# Errors of a gzip or tar stream that is cut short or garbled.
DAMAGE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


# Sent by ``manage.py restore`` just before the database is replaced (``restoring``:
# apps keep in memory what must outlive an older dump, such as the erasure register of
# ``personaldata``; the database may be blank or unmigrated) and once it is restored
# and migrated, before the search index is rebuilt (``restored``: apps correct the
# restored database). ``sender`` is None; ``archive`` the path.
restoring = Signal()
restored = Signal()


class BackupError(Exception):
    pass


# The settings whose passphrases open an encrypted archive, tried in this order.
KEY_SETTINGS = ("BACKUP_KEY", "BACKUP_KEY_PREVIOUS")


def backup_keys():
    """(setting name, passphrase) of each backup key that is set."""
    keys = [(name, getattr(settings, name, "")) for name in KEY_SETTINGS]
    return [(name, value) for name, value in keys if value]


def media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def _count_rows(cursor, tables):
    """Row counts of COUNTED_MODELS; a table that does not exist counts 0."""
    counts = {}
    for key, label in COUNTED_MODELS.items():
        table = apps.get_model(label)._meta.db_table
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 -- table names from models
            counts[key] = cursor.fetchone()[0]
        else:
            counts[key] = 0
    return counts


def row_counts(alias="default"):
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return _count_rows(cursor, tables)


def applied_migrations(alias="default"):
    """The migrations recorded in a database, as sorted ``app.name`` strings."""
    connection = connections[alias]
    if "django_migrations" not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files():
    """Every media file as (name in the archive, path on disk)."""
    for prefix, root in media_roots().items():
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield f"{prefix}/{path.relative_to(root).as_posix()}", path


def file_checksums():
    return {name: sha256(path) for name, path in media_files()}


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


def _run_pg(command, env):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603 -- fixed tool
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {' '.join(message[-3:])}") from error


def _sqlite_file(path):
    """Open a dumped SQLite file read-only."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def dump_database(target_dir, alias="default"):
    """Dump the database into ``target_dir``; return (vendor, file name, counts)."""
    connection = connections[alias]
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = Path(target_dir) / "database.sqlite3"
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        # Count in the copy, not in the live database that may have changed since.
        copy = _sqlite_file(target)
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        counts = _count_rows(copy.cursor(), tables)
        copy.close()
        return vendor, target.name, counts
    if vendor == "postgresql":
        db = connection.settings_dict
        env, args = _pg_env(db)
        target = Path(target_dir) / "database.pgdump"
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", *args]
        _run_pg([*command, "-f", str(target), db["NAME"]], env)
        return vendor, target.name, row_counts(alias)
    raise BackupError(f"backups of {vendor} databases are not supported")


@contextmanager
def _archive_writer(path, passphrase):
    """A tar.gz archive written to ``path``: encrypted with ``passphrase`` if given."""
    if not passphrase:
        with tarfile.open(path, "w:gz") as archive:
            yield archive
        return
    with open(path, "wb") as raw:
        writer = EncryptedWriter(raw, passphrase)
        # A stream: the encrypting writer only ever receives writes, chunk after chunk.
        with tarfile.open(fileobj=writer, mode="w|gz") as archive:
            yield archive
        writer.close()


def create_backup(destination, passphrase=""):
    """Write one archive to ``destination`` (a file, or a folder to put it in),
    encrypted with ``passphrase`` if one is given."""
    if passphrase:
        try:
            check_key(passphrase)
        except EncryptionError as error:
            raise BackupError(str(error)) from error
    destination = Path(destination)
    if destination.is_dir() or str(destination).endswith(os.sep):
        stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
        suffix = ".tar.gz.enc" if passphrase else ".tar.gz"
        destination = destination / f"netwerkportaal-{stamp}{suffix}"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vendor, db_name, counts = dump_database(tmp)
        db_path = Path(tmp) / db_name
        manifest = {
            "format": FORMAT,
            "created": datetime.now(tz=UTC).isoformat(),
            "database": {"vendor": vendor, "file": db_name, "sha256": sha256(db_path)},
            "migrations": applied_migrations(),
            "counts": counts,
            "files": {},
        }
        partial = destination.with_suffix(".partial")
        with _archive_writer(partial, passphrase) as archive:
            archive.add(db_path, db_name)
            # Each file's checksum is taken as it goes in, so the manifest lists exactly
            # what the archive holds even while people upload.
            for name, path in media_files():
                try:
                    manifest["files"][name] = sha256(path)
                    archive.add(path, name)
                except FileNotFoundError:
                    manifest["files"].pop(name, None)
            manifest_path = Path(tmp) / "manifest.json"
            manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            archive.add(manifest_path, "manifest.json")
        partial.rename(destination)
    return destination, manifest


def database_is_empty(alias="default"):
    """True for a database that was never migrated, or freshly migrated: no users and
    only Wagtail's own pages."""
    counts = row_counts(alias)
    return counts["users"] == 0 and counts["pages"] <= 2 and counts["documents"] == 0


def _safe_members(archive):
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise BackupError(f"refusing unsafe path in archive: {member.name}")
        yield member


def _decrypt(archive_path, tmp):
    """The plain tar.gz of ``archive_path`` (decrypted into ``tmp`` if it is encrypted)
    and the setting whose key opened it (None for a plain archive)."""
    try:
        if not is_encrypted(archive_path):
            return archive_path, None
        plain = tmp / "decrypted.tar.gz"
        setting = decrypt_file(archive_path, plain, backup_keys())
    except EncryptionError as error:
        raise BackupError(f"{str(error).rstrip('.')}; nothing was restored.") from error
    except OSError as error:
        raise BackupError(f"could not read {archive_path.name}: {error}.") from error
    return plain, setting


def _unpack(archive_path, target, name=None):
    """Unpack the archive into ``target`` and return its checked manifest."""
    name = name or archive_path.name
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 -- closed below
    except DAMAGE as error:
        raise BackupError(
            f"{name} is not a backup archive (a .tar.gz written by manage.py backup)."
        ) from error
    except OSError as error:
        raise BackupError(f"could not read {name}: {error}.") from error
    try:
        with archive:
            # tar stops quietly at a garbled header, so read the whole gzip stream first:
            # its checksum at the end catches damage anywhere.
            with gzip.open(archive_path) as stream:
                while stream.read(1024 * 1024):
                    pass
            members = list(_safe_members(archive))
            archive.extractall(target, members=members, filter="data")
    except DAMAGE as error:
        raise BackupError(f"{name} is damaged ({error}); nothing was restored.") from error
    except OSError as error:
        raise BackupError(f"could not unpack {name}: {error}; nothing was restored.") from error
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        database = manifest["database"]
        fmt = manifest["format"]
    except FileNotFoundError as error:
        raise BackupError(
            f"{name} is not a backup archive of the portal: it holds no manifest.json."
        ) from error
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{name} is damaged: its manifest.json is unreadable.") from error
    if fmt not in READABLE_FORMATS:
        newer = isinstance(fmt, int) and fmt > FORMAT
        raise BackupError(
            f"{name} has archive format {fmt}, which this version of the portal cannot read"
            + ("; restore it with the newer version that wrote it." if newer else ".")
        )
    expected = {**manifest.get("files", {})}
    if "sha256" in database:
        expected[database["file"]] = database["sha256"]
    for member, checksum in expected.items():
        path = target / member
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(
                f"{name} is damaged: {member} is missing or does not match its checksum; "
                "nothing was restored."
            )
    if not (target / database["file"]).is_file():
        raise BackupError(f"{name} is damaged: it holds no {database['file']}.")
    return manifest


def _archive_migrations(manifest, db_file):
    """The migrations applied in the archived database: read from a SQLite dump itself,
    else from the manifest (None for a format 1 PostgreSQL archive)."""
    if manifest["database"]["vendor"] != "sqlite":
        return manifest.get("migrations")
    try:
        source = _sqlite_file(db_file)
        try:
            if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            if "django_migrations" not in tables:
                return []
            rows = source.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"the database in the archive is damaged ({error}); nothing was restored."
        ) from error
    return sorted(f"{app}.{name}" for app, name in rows)


def unknown_migrations(applied):
    """Migrations in ``applied`` of this code's apps that this code does not have: the
    archive was written by a newer version of the portal."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = []
    for entry in applied:
        app, _, migration = entry.partition(".")
        if app in loader.migrated_apps and (app, migration) not in known:
            unknown.append(entry)
    return unknown


def migrations_pending(alias="default"):
    """True when the database lacks migrations this code has (an older archive)."""
    executor = MigrationExecutor(connections[alias])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _load(db_file, connection):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = _sqlite_file(db_file)
        try:
            # One step: SQLite writes the whole copy in one transaction and rolls it back
            # on any error.
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"loading the database failed ({error}); it is unchanged.") from error
        finally:
            source.close()
        return
    connection.close()
    db = connection.settings_dict
    env, args = _pg_env(db)
    command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    _run_pg([*command, "--single-transaction", *args, "-d", db["NAME"], str(db_file)], env)


def restore_backup(archive_path, force=False, alias="default"):
    """Check the archive, replace the database with its dump and copy its media.

    Returns the manifest and the differences found against it. The manifest's
    ``decrypted_with`` names the setting whose key opened an encrypted archive (None for
    a plain one). The command migrates an older archive forward afterwards
    (``migrations_pending``).
    """
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"no archive at {archive_path}.")
    connection = connections[alias]
    if not force and not database_is_empty(alias):
        raise BackupError(
            "the database is not empty; restoring would overwrite it. Use --force to do so."
        )
    with tempfile.TemporaryDirectory() as tmp:
        plain, setting = _decrypt(archive_path, Path(tmp))
        unpacked = Path(tmp) / "archive"
        unpacked.mkdir()
        manifest = _unpack(plain, unpacked, name=archive_path.name)
        manifest["decrypted_with"] = setting
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"archive holds a {vendor} database; this is {connection.vendor}.")
        db_file = unpacked / manifest["database"]["file"]
        unknown = unknown_migrations(_archive_migrations(manifest, db_file) or [])
        if unknown:
            raise BackupError(
                f"{archive_path.name} was written by a newer version of the portal (this code "
                f"lacks migration {', '.join(unknown[:3])}); upgrade the code, then restore."
            )
        _load(db_file, connection)
        try:
            for prefix, root in media_roots().items():
                source_dir = unpacked / prefix
                if source_dir.exists():
                    shutil.copytree(source_dir, root, dirs_exist_ok=True)
        except OSError as error:
            raise BackupError(
                f"the database was restored, but copying the media failed ({error}); "
                "make room or fix the folder's permissions and restore again with --force."
            ) from error
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
