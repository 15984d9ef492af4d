"""Encrypted backups: with BACKUP_KEY set, an archive is encrypted and authenticated; a
restore needs the key, refuses a wrong key and any damage in one sentence before it
touches the database, and still restores onto a blank database; a plain archive still
restores; production refuses to start without a key.

The format itself is tested in process on small chunks (``core.backup_crypto``); the
commands the way an operator runs them, in separate processes (``Site`` of
test_backup.py).
"""

import copy
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import backup_crypto
from core.backup_crypto import (
    CHECK_SIZE,
    HEADER,
    MAGIC,
    TAG_SIZE,
    EncryptedWriter,
    EncryptionError,
    check_key,
    decrypt_file,
)
from tests.portal.test_backup import Site, content

ROOT = Path(__file__).resolve().parents[2]
KEY = "correct horse battery staple, backup key for tests"
OLD_KEY = "the key of last year, kept to restore old archives"
WRONG_KEY = "not the key this archive was written with, at all"
PREFIX = HEADER.size + CHECK_SIZE


# --- The format, in process, on small chunks ------------------------------------------


@pytest.fixture
def small(monkeypatch):
    """Chunks of 64 bytes and a cheap scrypt, so a few hundred bytes make many chunks."""
    monkeypatch.setattr(backup_crypto, "CHUNK_SIZE", 64)
    monkeypatch.setattr(backup_crypto, "SCRYPT_LOG_N", 10)
    return 64 + TAG_SIZE


def seal(data, passphrase=KEY):
    raw = io.BytesIO()
    writer = EncryptedWriter(raw, passphrase)
    for start in range(0, len(data), 50):
        writer.write(data[start : start + 50])
    writer.close()
    return raw.getvalue()


def unseal(sealed, tmp_path, keys=(("BACKUP_KEY", KEY),)):
    source, target = tmp_path / "archive.tar.gz.enc", tmp_path / "plain"
    source.write_bytes(sealed)
    setting = decrypt_file(source, target, list(keys))
    return target.read_bytes(), setting


def refused(sealed, tmp_path, keys=(("BACKUP_KEY", KEY),)):
    with pytest.raises(EncryptionError) as error:
        unseal(sealed, tmp_path, keys)
    return str(error.value)


DATA = bytes(range(256)) * 2  # 512 bytes: 8 full chunks of 64 and an empty last one


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 512, 700])
def test_what_is_sealed_opens_unchanged(small, tmp_path, size):
    data = os.urandom(size)
    sealed = seal(data)
    assert sealed.startswith(MAGIC)
    assert unseal(sealed, tmp_path) == (data, "BACKUP_KEY")
    # Header, key check, one tag per chunk (the last one may be empty): nothing more.
    chunks = size // 64 + 1
    assert len(sealed) == PREFIX + size + chunks * TAG_SIZE


def test_the_same_data_seals_differently_each_time(small):
    plain = b"Mijn verhaal over de wachttijd bij het OCMW. " * 10
    first, second = seal(plain), seal(plain)
    assert first[PREFIX:] != second[PREFIX:]
    assert b"OCMW" not in first


def test_a_wrong_key_is_refused_as_such(small, tmp_path):
    message = refused(seal(DATA), tmp_path, [("BACKUP_KEY", WRONG_KEY)])
    assert "does not open with BACKUP_KEY" in message
    assert "another key" in message
    assert WRONG_KEY not in message and KEY not in message


def test_the_previous_key_opens_an_archive_of_before_the_rotation(small, tmp_path):
    keys = [("BACKUP_KEY", KEY), ("BACKUP_KEY_PREVIOUS", OLD_KEY)]
    assert unseal(seal(DATA, OLD_KEY), tmp_path, keys) == (DATA, "BACKUP_KEY_PREVIOUS")
    message = refused(seal(DATA, WRONG_KEY), tmp_path, keys)
    assert "does not open with BACKUP_KEY or BACKUP_KEY_PREVIOUS" in message


def test_an_encrypted_archive_without_a_key_asks_for_it(small, tmp_path):
    assert "is encrypted: set BACKUP_KEY" in refused(seal(DATA), tmp_path, keys=())


def flip(data, offset):
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("salt", "does not open with BACKUP_KEY"),
        ("chunk size", "does not open with BACKUP_KEY"),
        ("first chunk", "part 1 of the encrypted archive does not authenticate"),
        ("a tag", "part 4 of the encrypted archive does not authenticate"),
        ("last chunk", "part 9 of the encrypted archive does not authenticate"),
    ],
)
def test_one_flipped_bit_anywhere_is_refused(small, tmp_path, where, expected):
    sealed = seal(DATA)
    offset = {
        "salt": 14,
        "chunk size": HEADER.size - 1,
        "first chunk": PREFIX + 3,
        "a tag": PREFIX + 4 * small - 1,
        "last chunk": len(sealed) - 1,
    }[where]
    message = refused(flip(sealed, offset), tmp_path)
    assert expected in message


def test_a_header_asking_for_too_much_memory_is_refused_before_scrypt(small, tmp_path):
    sealed = bytearray(seal(DATA))
    sealed[len(MAGIC) + 2] = 40  # log2(n): 2**40 * 8 * 128 bytes
    assert "encryption header is invalid" in refused(bytes(sealed), tmp_path)


def test_chunks_in_another_order_are_refused(small, tmp_path):
    sealed = seal(DATA)
    first, second = (sealed[PREFIX + i * small : PREFIX + (i + 1) * small] for i in (0, 1))
    swapped = sealed[:PREFIX] + second + first + sealed[PREFIX + 2 * small :]
    assert "damaged or was tampered with: part 1" in refused(swapped, tmp_path)


@pytest.mark.parametrize(
    ("keep", "expected"),
    [
        (PREFIX - 5, "encryption header is incomplete"),
        (PREFIX, "part 1 of the encrypted archive is missing"),
        (PREFIX + 100, "cut short: part 2 of the encrypted archive does not authenticate"),
        # Without the final chunk: every chunk left authenticates, yet the end is gone.
        (PREFIX + 8 * (64 + TAG_SIZE), "cut short: the encrypted archive ends after part 8"),
        (PREFIX + 3 * (64 + TAG_SIZE), "cut short: the encrypted archive ends after part 3"),
    ],
    ids=["in-the-header", "after-the-header", "inside-a-chunk", "no-final-chunk", "at-a-chunk"],
)
def test_a_truncated_archive_is_refused(small, tmp_path, keep, expected):
    sealed = seal(DATA)
    assert keep < len(sealed)
    assert expected in refused(sealed[:keep], tmp_path)


def test_a_key_shorter_than_32_characters_seals_nothing():
    with pytest.raises(EncryptionError, match="shorter than 32 characters"):
        check_key("x" * 31)
    with pytest.raises(EncryptionError):
        EncryptedWriter(io.BytesIO(), "too short")


# --- The commands, as an operator runs them ---------------------------------------------


def keyed_site(tmp_path, name, key="", previous=""):
    """A new, empty site with these backup keys."""
    return with_keys(Site(tmp_path, name), key, previous)


def with_keys(site, key, previous=""):
    """The same site (database and media) with other backup keys."""
    other = copy.copy(site)
    other.env = {**site.env, "BACKUP_KEY": key, "BACKUP_KEY_PREVIOUS": previous}
    return other


def manage(site, *args, check=True):
    """Run a command; no output of it ever holds a key."""
    result = site.manage(*args, check=check)
    for key in (KEY, OLD_KEY, WRONG_KEY):
        assert key not in result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    site = keyed_site(tmp_path_factory.mktemp("source"), "source", KEY)
    site.manage("migrate", "-v0")
    site.manage("load_demo")
    return site


@pytest.fixture(scope="module")
def encrypted(source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("encrypted")
    result = manage(source, "backup", f"{folder}{os.sep}")
    assert "Encrypted with BACKUP_KEY" in result.stdout
    (path,) = folder.iterdir()
    return path


@pytest.fixture(scope="module")
def source_state(source, encrypted):
    return source.snapshot()


def test_the_archive_is_encrypted_through_and_through(encrypted):
    assert encrypted.name.endswith(".tar.gz.enc")
    data = encrypted.read_bytes()
    assert data.startswith(MAGIC)
    # Neither the gzip stream nor any name or text of the content shows.
    assert b"\x1f\x8b\x08" not in data[:PREFIX]
    for visible in (b"manifest.json", b"database.sqlite3", b"SQLite format", b"coordinator"):
        assert visible not in data
    # The demo's archive spans several chunks, so the tests below cut between them.
    assert len(data) > PREFIX + 2 * (backup_crypto.CHUNK_SIZE + TAG_SIZE)


def test_round_trip_onto_a_blank_database(encrypted, source_state, tmp_path):
    target = keyed_site(tmp_path, "target", KEY)
    result = manage(target, "restore", str(encrypted))
    assert "verified" in result.stdout
    assert "opened with BACKUP_KEY." in result.stdout
    restored = target.snapshot()
    assert content(restored) == content(source_state)
    assert restored["files"] == source_state["files"]


def test_after_a_key_change_the_previous_key_restores_old_archives(encrypted, tmp_path):
    target = keyed_site(tmp_path, "target", key=WRONG_KEY, previous=KEY)
    result = manage(target, "restore", str(encrypted), "--skip-index")
    assert "opened with BACKUP_KEY_PREVIOUS" in result.stdout


def test_a_plain_archive_still_restores_with_a_key_set(source, source_state, tmp_path):
    written = manage(with_keys(source, ""), "backup", str(tmp_path / "plain.tar.gz"))
    assert "Not encrypted: BACKUP_KEY is not set" in written.stdout
    assert (tmp_path / "plain.tar.gz").read_bytes()[:2] == b"\x1f\x8b"
    target = keyed_site(tmp_path, "target", KEY)
    result = manage(target, "restore", str(tmp_path / "plain.tar.gz"), "--skip-index")
    assert "verified" in result.stdout
    assert "encrypted" not in result.stdout
    assert content(target.snapshot()) == content(source_state)


def test_a_key_shorter_than_32_characters_writes_no_archive(source, tmp_path):
    short = with_keys(source, "only-twenty-chars-xx")
    result = manage(short, "backup", str(tmp_path / "out.tar.gz.enc"), check=False)
    assert result.returncode != 0
    assert "BACKUP_KEY is shorter than 32 characters" in result.stderr
    assert "only-twenty-chars-xx" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("out.*"))


def _chunks(data):
    size = backup_crypto.CHUNK_SIZE + TAG_SIZE
    return [data[start : start + size] for start in range(PREFIX, len(data), size)]


def _bad(kind, encrypted, tmp_path):
    data = encrypted.read_bytes()
    chunks = _chunks(data)
    changed = {
        "flipped-byte": lambda: flip(data, len(data) // 2),
        "cut-in-half": lambda: data[: len(data) // 2],
        "no-final-chunk": lambda: data[:PREFIX] + b"".join(chunks[:-1]),
        "reordered": lambda: data[:PREFIX] + chunks[1] + chunks[0] + b"".join(chunks[2:]),
    }.get(kind, lambda: data)()
    path = tmp_path / f"{kind}.tar.gz.enc"
    path.write_bytes(changed)
    return path


BAD = {
    "wrong-key": ("does not open with BACKUP_KEY: it was encrypted with another key", WRONG_KEY),
    "no-key": ("is encrypted: set BACKUP_KEY to the key it was written with", ""),
    "flipped-byte": ("does not authenticate", KEY),
    "cut-in-half": ("cut short", KEY),
    "no-final-chunk": ("is cut short: the encrypted archive ends after part", KEY),
    "reordered": ("damaged or was tampered with: part 1", KEY),
}


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_encrypted_archive_is_refused_in_one_sentence_and_changes_nothing(
    kind, source, encrypted, source_state, tmp_path
):
    expected, key = BAD[kind]
    bad = _bad(kind, encrypted, tmp_path)
    result = manage(with_keys(source, key), "restore", str(bad), "--force", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CommandError: "), result.stderr
    assert expected in lines[0]
    assert lines[0].endswith("nothing was restored.")
    after = source.snapshot()
    assert content(after) == content(source_state)
    assert after["files"] == source_state["files"]


def test_a_wrong_key_leaves_a_blank_database_blank(encrypted, tmp_path):
    target = keyed_site(tmp_path, "target", WRONG_KEY)
    result = manage(target, "restore", str(encrypted), check=False)
    assert "encrypted with another key" in result.stderr
    assert content(target.snapshot()) == {}


# --- Production -------------------------------------------------------------------------


def import_production(**env):
    """Import the production settings in a fresh process with only ``env`` set."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "BACKUP_KEY", "BACKUP_KEY_PREVIOUS"}
    }
    environment.update(
        SECRET_KEY="s" * 20 + "-x9Zq!r7Lp2@Wm4#Tn6$Vb8%Yc1^Hd3&Jf5*Gs0",
        ALLOWED_HOSTS="portaal.example.be",
        **env,
    )
    code = "import portal.settings.production as s; print(len(s.BACKUP_KEY))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("key", [None, "", "x" * 31], ids=["missing", "empty", "31-characters"])
def test_production_refuses_to_start_without_a_backup_key_of_32_characters(key):
    result = import_production(**({} if key is None else {"BACKUP_KEY": key}))
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "django.core.exceptions.ImproperlyConfigured: BACKUP_KEY must be set to a "
        "passphrase of at least 32 characters: it encrypts the backups."
    )


def test_production_takes_a_backup_key_as_it_is(tmp_path):
    # A passphrase that starts with "$" is not taken for another variable's name.
    key = "$" + "y" * 31
    result = import_production(BACKUP_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "32"
