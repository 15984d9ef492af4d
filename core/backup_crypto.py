"""Encrypted backup archives: the ``.tar.gz`` of ``core.backup``, sealed with a passphrase.

File layout (format 1)::

    header      40 bytes  magic "NWPCRYPT", format, KDF id, scrypt log2(n), r, p,
                          salt (16), nonce prefix (7), chunk size (4, big-endian)
    key check   32 bytes  HMAC-SHA256 of the header under a key derived with the data key
    chunks                AES-256-GCM, each ``chunk size`` bytes of plaintext plus a
                          16-byte tag; the last one is shorter (possibly empty)

The passphrase goes through scrypt with the salt from the header; the 64 bytes it gives
are the AES key and the key-check key. A fresh salt makes a fresh key for every archive.
Each chunk's nonce is the nonce prefix, the chunk's number and a flag that marks the last
chunk (the STREAM construction), and the header is each chunk's associated data. So a
changed byte, chunks swapped or dropped, an archive cut short (even at a chunk boundary)
or a changed header all fail authentication, and the key check tells a wrong key apart
from damage. Writing and reading stream chunk by chunk: an archive never sits in memory.
"""

import hmac
import os
import struct
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"NWPCRYPT"
FORMAT = 1
KDF_SCRYPT = 1
# scrypt: n = 2**17, r = 8 (128 MiB, about half a second), p = 1.
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
# The most memory a header may ask scrypt for: a damaged header must not exhaust it.
SCRYPT_MAX_MEMORY = 1 << 30
CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 1 << 26
HEADER = struct.Struct(">8sBBBBB16s7sI")
CHECK_SIZE = 32
TAG_SIZE = 16
MIN_KEY_LENGTH = 32


class EncryptionError(Exception):
    """An archive that cannot be opened; the message is one sentence for the operator."""


def check_key(passphrase, name="BACKUP_KEY"):
    if len(passphrase) < MIN_KEY_LENGTH:
        raise EncryptionError(
            f"{name} is shorter than {MIN_KEY_LENGTH} characters; use a long random passphrase."
        )


def is_encrypted(path):
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _derive(passphrase, salt, log_n, r, p):
    """The AES key and the key-check key."""
    kdf = Scrypt(salt=salt, length=64, n=2**log_n, r=r, p=p)
    derived = kdf.derive(passphrase.encode())
    return derived[:32], derived[32:]


def _nonce(prefix, number, last):
    if number >= 2**32:
        raise EncryptionError("the archive is too large for one encrypted file.")
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class _Nonces:
    """The nonces of one archive: its prefix and header at hand."""

    def __init__(self, prefix, header):
        self.prefix, self.header = prefix, header

    def __call__(self, number, last):
        return _nonce(self.prefix, number, last)


class EncryptedWriter:
    """A write-only file object that encrypts what is written to ``raw`` in chunks.

    ``close()`` writes the last chunk; ``raw`` stays open.
    """

    def __init__(self, raw, passphrase):
        check_key(passphrase)
        salt, self._prefix = os.urandom(16), os.urandom(7)
        self._header = HEADER.pack(
            MAGIC, FORMAT, KDF_SCRYPT, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, salt, self._prefix,
            CHUNK_SIZE,
        )  # fmt: skip
        key, mac_key = _derive(passphrase, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
        self._aead = AESGCM(key)
        self._raw = raw
        self._buffer = bytearray()
        self._number = 0
        raw.write(self._header)
        raw.write(hmac.digest(mac_key, self._header, sha256))

    def _seal(self, data, last):
        nonce = _nonce(self._prefix, self._number, last)
        self._raw.write(self._aead.encrypt(nonce, bytes(data), self._header))
        self._number += 1

    def write(self, data):
        self._buffer += data
        while len(self._buffer) >= CHUNK_SIZE:
            self._seal(self._buffer[:CHUNK_SIZE], last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def close(self):
        if self._buffer is not None:
            self._seal(self._buffer, last=True)
            self._buffer = None


def _read_header(handle, name):
    fixed = handle.read(HEADER.size + CHECK_SIZE)
    if len(fixed) < HEADER.size + CHECK_SIZE:
        raise EncryptionError(f"{name} is cut short: its encryption header is incomplete.")
    header, check = fixed[: HEADER.size], fixed[HEADER.size :]
    magic, fmt, kdf, log_n, r, p, salt, prefix, chunk_size = HEADER.unpack(header)
    if magic != MAGIC:
        raise EncryptionError(f"{name} is not an encrypted backup archive.")
    if fmt != FORMAT:
        raise EncryptionError(
            f"{name} has encryption format {fmt}, which this version of the portal cannot "
            "read; restore it with the version that wrote it."
        )
    memory = 128 * r * 2**log_n
    sane = log_n >= 10 and r >= 1 and 1 <= p <= 16 and 1 <= chunk_size <= MAX_CHUNK_SIZE
    if kdf != KDF_SCRYPT or not sane or memory > SCRYPT_MAX_MEMORY:
        raise EncryptionError(f"{name} is damaged: its encryption header is invalid.")
    return header, check, (salt, log_n, r, p), prefix, chunk_size


def _open_with(header, check, kdf_params, keys, name):
    """The AES key of the first of ``keys`` (setting name, passphrase) whose key check
    matches, and that setting's name."""
    for setting, passphrase in keys:
        key, mac_key = _derive(passphrase, *kdf_params)
        if hmac.compare_digest(hmac.digest(mac_key, header, sha256), check):
            return AESGCM(key), setting
    names = " or ".join(setting for setting, _ in keys)
    raise EncryptionError(
        f"{name} does not open with {names}: it was encrypted with another key, or its "
        "header is damaged."
    )


def _chunk_error(aead, block, nonce, number, last, name):
    """The sentence for chunk ``number`` that failed authentication."""
    part = f"part {number + 1} of the encrypted archive"
    if not last:
        return f"{name} is damaged or was tampered with: {part} does not authenticate."
    if not block:
        return f"{name} is cut short: {part} is missing."
    try:
        aead.decrypt(nonce(number, last=False), block, nonce.header)
    except InvalidTag:
        return f"{name} is damaged, tampered with or cut short: {part} does not authenticate."
    # A chunk that authenticates as one in the middle: the chunks after it are gone.
    return f"{name} is cut short: the encrypted archive ends after {part}."


def decrypt_file(source, target, keys):
    """Decrypt the archive at ``source`` into the file ``target``.

    ``keys`` are (setting name, passphrase) pairs, tried in turn. Every chunk is
    authenticated before its plaintext is written; any failure raises EncryptionError
    (and ``target`` holds only authenticated data). Returns the name of the setting
    whose key opened it.
    """
    name = source.name
    if not keys:
        raise EncryptionError(
            f"{name} is encrypted: set BACKUP_KEY to the key it was written with."
        )
    with open(source, "rb") as handle, open(target, "wb") as out:
        header, check, kdf_params, prefix, chunk_size = _read_header(handle, name)
        aead, setting = _open_with(header, check, kdf_params, keys, name)
        nonce = _Nonces(prefix, header)
        size = chunk_size + TAG_SIZE
        block, number = handle.read(size), 0
        while True:
            following = handle.read(size) if len(block) == size else b""
            last = not following
            try:
                out.write(aead.decrypt(nonce(number, last=last), block, header))
            except InvalidTag:
                message = _chunk_error(aead, block, nonce, number, last, name)
                raise EncryptionError(message) from None
            if last:
                return setting
            block, number = following, number + 1
