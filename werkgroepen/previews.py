"""Previews of a space's documents: what members read in the browser (PDF.js).

- A PDF is its own preview: the route ``voorbeeld/`` serves the document's file.
- An office document (Word, Excel, PowerPoint, OpenDocument, RTF) is converted to PDF
  by a background task (``werkgroepen.tasks.make_document_preview``) with LibreOffice
  (``soffice --headless --convert-to pdf``), in a temporary folder with its own
  temporary profile, without network (a network namespace of its own where the kernel
  allows it, and a profile that blocks outside links and macros), within a timeout.
- The preview is kept in the private storage as ``previews/<document id>/<file
  hash>.pdf``: a new file (a new version) has a new hash, so it gets a new preview and
  the old one is removed by the next conversion; all previews of a document go when
  the document is deleted (``werkgroepen.signals``).
- A failed conversion keeps no PDF, only a small ``<file hash>.failed`` marker holding
  the reason, so the viewer says "no preview" instead of "being made" for ever.
- Without ``soffice`` (or with ``PORTAL_DOCUMENT_PREVIEWS`` off) nothing is converted:
  the viewer says previews of office files are off on this server, and a system check
  warns the operator (``werkgroepen.W001``). PDFs are shown all the same.

There is no model: the state of a preview is read from the storage (``state``).
"""

import contextlib
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache, partial
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache as django_cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.templatetags.static import static

from core.models.documents import get_private_storage
from werkgroepen.filetypes import extension_of
from werkgroepen.models import WorkingGroupPage

logger = logging.getLogger(__name__)

OFFICE_EXTENSIONS = frozenset(
    {"docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "pptx", "ppt", "odp"}
)
FOLDER = "previews"
DEFAULT_TIMEOUT = 120
# A preview larger than this is not kept (a converted spreadsheet can be huge).
MAX_PREVIEW_BYTES = 100 * 1024 * 1024
# How long the viewer waits before it queues a conversion again for a document that
# has none (documents from before previews existed, or soffice installed later).
REQUEUE_SECONDS = 600

# States of a document's preview (``state``).
PDF = "pdf"  # the document is a PDF: it is its own preview
READY = "ready"  # converted
PENDING = "pending"  # conversion queued or running
FAILED = "failed"  # conversion failed: no preview for this file
OFF = "off"  # an office file, but conversion is off on this server
UNSUPPORTED = "unsupported"  # a type that cannot be shown as pages (text, image)

# PDF.js's browser build, served as static files (werkgroepen.staticfinders).
PDFJS_FILES = {"library": "pdfjs/pdf.min.mjs", "worker": "pdfjs/pdf.worker.min.mjs"}

# LibreOffice settings for the throw-away profile: no macros, no outside links
# (images or data a document links to), no proxy look-up, no lock files.
PROFILE_SETTINGS = [
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "0"),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
]


class ConversionFailed(Exception):
    """soffice failed, took too long or made no PDF; ``str()`` says why (English, for
    the log and the marker; members read a plain sentence in the template)."""


# --- settings and tools -------------------------------------------------------------


def enabled():
    return getattr(settings, "PORTAL_DOCUMENT_PREVIEWS", True)


def soffice():
    """Path of LibreOffice's ``soffice``, or None."""
    return shutil.which(getattr(settings, "PORTAL_SOFFICE", "soffice"))


def conversion_available():
    return enabled() and soffice() is not None


def timeout():
    return getattr(settings, "PORTAL_PREVIEW_TIMEOUT", DEFAULT_TIMEOUT)


@cache
def _isolation():
    """The command prefix that gives soffice a network namespace of its own (no
    network at all), or ``[]`` where the kernel does not allow it to this user."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    command = [unshare, "--net", "--map-root-user"]
    try:
        subprocess.run([*command, "true"], check=True, capture_output=True, timeout=10)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        logger.info("unshare --net is not allowed here: soffice runs with the host's network")
        return []
    return command


def pdfjs_installed():
    """Whether PDF.js is among the static files (``npm ci``; in production then
    ``collectstatic``): found in node_modules or already collected."""
    return all(
        finders.find(name) is not None or staticfiles_storage.exists(name)
        for name in PDFJS_FILES.values()
    )


def pdfjs_urls():
    """{"library": url, "worker": url} of PDF.js, or None when it is not installed."""
    if not pdfjs_installed():
        return None
    try:
        return {key: static(name) for key, name in PDFJS_FILES.items()}
    except ValueError:  # found, but not in the manifest: collectstatic has not run
        return None


# --- names in the private storage ---------------------------------------------------


def storage():
    return get_private_storage()


def kind_of(document):
    extension = extension_of(document.file.name)
    if extension == "pdf":
        return PDF
    if extension in OFFICE_EXTENSIONS:
        return "office"
    return UNSUPPORTED


def _file_key(document):
    # Wagtail's forms and ours record the content's hash; a file saved some other way
    # is known by its stored name, which also changes with every new file.
    return document.file_hash or hashlib.sha1(document.file.name.encode()).hexdigest()  # noqa: S324


def folder_of(document_id):
    return f"{FOLDER}/{int(document_id)}"


def preview_name(document):
    return f"{folder_of(document.pk)}/{_file_key(document)}.pdf"


def failure_name(document):
    return f"{folder_of(document.pk)}/{_file_key(document)}.failed"


def _stored_names(document_id):
    folder = folder_of(document_id)
    try:
        _folders, files = storage().listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [f"{folder}/{name}" for name in files]


# --- state --------------------------------------------------------------------------


def state(document):
    """One of PDF, READY, PENDING, FAILED, OFF, UNSUPPORTED."""
    kind = kind_of(document)
    if kind != "office":
        return kind
    if storage().exists(preview_name(document)):
        return READY
    if storage().exists(failure_name(document)):
        return FAILED
    if not conversion_available():
        return OFF
    return PENDING


def open_pdf(document):
    """A binary handle on the PDF to show for ``document``, or None."""
    kind = kind_of(document)
    try:
        if kind == PDF:
            return document.file.open("rb")
        if kind == "office":
            return storage().open(preview_name(document), "rb")
    except OSError:
        return None
    return None


# --- conversion ---------------------------------------------------------------------


def _profile(folder):
    """A fresh LibreOffice profile in ``folder``; its ``file://`` address."""
    user = Path(folder) / "profile" / "user"
    user.mkdir(parents=True)
    items = "".join(
        f'<item oor:path="{where}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for where, name, value in PROFILE_SETTINGS
    )
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )
    return (Path(folder) / "profile").as_uri()


def _run(command, cwd):
    """Run soffice in a session of its own, so that on a timeout the whole process
    group (soffice starts soffice.bin as a child) is killed."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",  # headless rendering, no display needed
    }
    process = subprocess.Popen(  # noqa: S603 -- a fixed program; the file name is ours
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _out, err = process.communicate(timeout=timeout())
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionFailed(f"soffice took longer than {timeout()} seconds") from error
    if process.returncode != 0:
        message = err.decode(errors="replace").strip()[-200:]
        raise ConversionFailed(f"soffice ended with {process.returncode}: {message}")


def convert(handle, extension):
    """PDF bytes of the office file in ``handle``; raises ``ConversionFailed``."""
    program = soffice()
    if program is None:
        raise ConversionFailed("soffice is not installed")
    with tempfile.TemporaryDirectory(prefix="portal-voorbeeld-") as folder:
        # Our own file name: what the member called the file never reaches a command.
        source = Path(folder) / f"document.{extension}"
        with source.open("wb") as out:
            shutil.copyfileobj(handle, out)
        outdir = Path(folder) / "out"
        command = [
            *_isolation(),
            program,
            f"-env:UserInstallation={_profile(folder)}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            _run(command, folder)
        except OSError as error:
            raise ConversionFailed(str(error)) from error
        result = outdir / "document.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed("soffice made no PDF")
        if result.stat().st_size > MAX_PREVIEW_BYTES:
            raise ConversionFailed("the PDF is too large to keep")
        data = result.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise ConversionFailed("soffice made something that is not a PDF")
    return data


def remove_stale(document):
    """Remove the previews and markers of the document's earlier files."""
    keep = {preview_name(document), failure_name(document)}
    for name in _stored_names(document.pk):
        if name not in keep:
            storage().delete(name)


def _save(name, content):
    saved = storage().save(name, ContentFile(content))
    if saved != name:
        # Another worker stored the same preview at the same time: keep one.
        storage().delete(saved)


def make_preview(document):
    """Bring the document's preview up to date; returns its state."""
    remove_stale(document)
    current = state(document)
    if current != PENDING:
        return current
    try:
        with document.file.open("rb") as handle:
            data = convert(handle, extension_of(document.file.name))
    except (ConversionFailed, OSError) as error:
        logger.warning("No preview of document %s: %s", document.pk, error)
        _save(failure_name(document), str(error).encode()[:500])
        return FAILED
    _save(preview_name(document), data)
    return READY


def convert_later(document_id):
    """Queue bringing the preview of document ``document_id`` up to date once the
    current transaction commits."""
    from werkgroepen.tasks import make_document_preview

    transaction.on_commit(lambda: make_document_preview.enqueue(document_id))


def _in_a_space(document):
    """Only a space's documents have a reader (a public attachment is downloaded)."""
    return WorkingGroupPage.objects.filter(collection_id=document.collection_id).exists()


def _queued_key(document):
    return f"werkgroepen:preview-queued:{document.pk}:{_file_key(document)}"


def convert_new_file(document):
    """Queue the preview of a document that was just given a file (upload, new
    version, the admin's replace). The previews of its earlier file go at once."""
    transaction.on_commit(partial(remove_stale, document))
    if conversion_available() and kind_of(document) == "office" and _in_a_space(document):
        django_cache.set(_queued_key(document), True, REQUEUE_SECONDS)
        convert_later(document.pk)


def convert_if_missing(document):
    """Queue a conversion for a document that should have a preview but has none
    (one from before previews existed, or soffice was installed since); at most once
    per ``REQUEUE_SECONDS`` per file."""
    if django_cache.add(_queued_key(document), True, REQUEUE_SECONDS):
        convert_later(document.pk)


def forget(document_id):
    """Remove every preview of document ``document_id`` (it was deleted)."""
    for name in _stored_names(document_id):
        storage().delete(name)
    with contextlib.suppress(OSError):
        storage().delete(folder_of(document_id))  # the empty folder, on a file system
