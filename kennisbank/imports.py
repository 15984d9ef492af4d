"""The admin's import screen, *Kennisbank → Praktijkfiches importeren*: an editor drops
sheet files (and the photos they name) and picks the kennisbank; the files wait in
private storage, and a background task imports them with the same importer as
``manage.py import_praktijkfiches``, always as drafts, writing one line per file of the
run's report as it goes (``SheetImport``, ``SheetImportLine``).

Nothing of a refused file is kept: a file that is too big or of a type no sheet or
photo has is not written at all; a photo that is no image is deleted before the
sheets are read; a sheet the importer refuses leaves nothing behind (see
``kennisbank.importer.store``). The run's folder is removed when the run is done.
"""

import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from kennisbank.importer.indexing import deferred_indexing
from kennisbank.importer.readers import MACRO_SUFFIXES, SUPPORTED_SUFFIXES
from kennisbank.importer.store import CREATED, FAILED, UPDATED, import_files, is_photo
from kennisbank.models import KennisbankIndexPage, SheetImport, SheetImportLine

Status = SheetImportLine.Status
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# Macro-enabled Word files are taken in so that the reader refuses them with its own
# message (macros are never read), rather than as an unknown type.
ACCEPTED_SUFFIXES = SUPPORTED_SUFFIXES | MACRO_SUFFIXES | PHOTO_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 50
KEEP_RUNS = 30  # the reports kept; older runs are removed with their lines


def parents_for(user):
    """The kennisbank index pages under which ``user`` may create pages."""
    return [
        page
        for page in KennisbankIndexPage.objects.order_by("path")
        if page.permissions_for_user(user).can_add_subpage()
    ]


def may_import(user):
    return user.is_authenticated and bool(parents_for(user))


def start(user, parent, uploads):
    """Keep ``uploads`` for a new run under ``parent`` and queue its import once this
    transaction commits. Returns the run; its lines say already which files were
    refused on arrival."""
    run = SheetImport.objects.create(user=user, parent=parent, folder="")
    folder = Path(settings.PRIVATE_MEDIA_ROOT, "imports", f"{run.pk}-{secrets.token_hex(8)}")
    folder.mkdir(parents=True)
    run.folder = str(folder)
    run.save(update_fields=["folder"])
    lines = []
    for position, upload in enumerate(uploads):
        name = _file_name(upload.name, folder)
        line = SheetImportLine(run=run, position=position, filename=name)
        line.message = _refusal(upload, name)
        if line.message:
            line.status = Status.FAILED
        else:
            _store(upload, folder / name)
            line.status = Status.PHOTO if _is_photo(name) else Status.WAITING
        lines.append(line)
    SheetImportLine.objects.bulk_create(lines)
    transaction.on_commit(lambda: import_run.enqueue(run.pk))
    _forget_old_runs()
    return run


def _file_name(raw, folder):
    """The upload's own name without any folder, safe on disk and not yet taken in this
    run (a second ``fiche.docx`` becomes ``fiche-2.docx``)."""
    name = get_valid_filename(Path(raw.replace("\\", "/")).name) or "bestand"
    stem, suffix = Path(name).stem[:150], Path(name).suffix[:10]
    name, number = f"{stem}{suffix}", 2
    while (folder / name).exists():
        name = f"{stem}-{number}{suffix}"
        number += 1
    return name


def _refusal(upload, name):
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        return _(
            "Dit soort bestand kan geen praktijkfiche of foto zijn (%(suffix)s). Een fiche "
            "is een Word-, OpenDocument-, tekst- of Markdown-bestand; een foto een JPG, "
            "PNG, WebP of GIF."
        ) % {"suffix": suffix or _("zonder extensie")}
    if upload.size > MAX_FILE_BYTES:
        return _("Te groot: %(size)d MB, het maximum is %(max)d MB.") % {
            "size": upload.size // (1024 * 1024),
            "max": MAX_FILE_BYTES // (1024 * 1024),
        }
    if not upload.size:
        return _("Het bestand is leeg.")
    return ""


def _store(upload, path):
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def _is_photo(name):
    return Path(name).suffix.lower() in PHOTO_SUFFIXES


def _forget_old_runs():
    old = SheetImport.objects.order_by("-started_at", "-pk").values_list("pk", flat=True)
    SheetImport.objects.filter(pk__in=list(old[KEEP_RUNS:]), finished_at__isnull=False).delete()


@task()
def import_run(run_id):
    """Import the waiting files of run ``run_id``: photos checked first, then every
    sheet as a draft. Each line is saved once its sheet is committed, so the report
    fills in while the run goes on."""
    run = SheetImport.objects.filter(pk=run_id, finished_at=None).first()
    if run is None:
        return
    folder = Path(run.folder)
    try:
        photos = _check_photos(run, folder)
        _import_sheets(run, folder, photos)
    finally:
        run.lines.filter(status=Status.WAITING).update(
            status=Status.FAILED, message=_("Niet ingelezen: de import werd onderbroken.")
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        shutil.rmtree(folder, ignore_errors=True)


def _check_photos(run, folder):
    """{lower-case name: line} of the run's photos that are images; the others are
    deleted and reported."""
    photos = {}
    for line in run.lines.filter(status=Status.PHOTO):
        path = folder / line.filename
        if is_photo(path):
            photos[line.filename.lower()] = line
            continue
        path.unlink(missing_ok=True)
        line.status = Status.FAILED
        line.message = _("Geen geldige foto: het bestand is geen afbeelding of is beschadigd.")
        line.save(update_fields=["status", "message"])
    return photos


def _import_sheets(run, folder, photos):
    lines = {line.filename: line for line in run.lines.filter(status=Status.WAITING)}
    parent = run.parent.specific
    used = set()
    paths = [folder / name for name in lines]
    with deferred_indexing():
        for result in import_files(paths, parent, publish=False, user=run.user):
            line = lines[result.path.name]
            line.status = result.status
            line.page = result.page if result.status != FAILED else None
            line.message = _line_message(result)
            line.suggestions = _suggestion_text(result)
            line.save(update_fields=["status", "page", "message", "suggestions"])
            if result.image_name:
                used.add(result.image_name.lower())
    for name, line in photos.items():
        line.message = (
            _("Foto gebruikt bij de fiche die ernaar verwijst.")
            if name in used
            else _("Geen enkele fiche verwijst naar deze foto; ze is niet bewaard.")
        )
        line.save(update_fields=["message"])


def _line_message(result):
    parts = [result.message] if result.status == FAILED else []
    if result.status in (CREATED, UPDATED) and result.page is not None:
        parts.append(_("Concept, nog niet gepubliceerd."))
    parts.extend(result.warnings)
    return " ".join(str(part) for part in parts if part)


def _suggestion_text(result):
    """What the importer proposed, in words: "Thema's: Schulden. Doelgroepen: …", or
    that it found nothing, or nothing when the sheet named its own terms."""
    if result.suggestions is None:
        return ""
    named = [
        f"{label}: {', '.join(str(term) for term in result.suggestions.get(key, []))}."
        for key, label in (
            ("themes", _("Thema's")),
            ("target_groups", _("Doelgroepen")),
            ("methods", _("Methodes")),
        )
        if result.suggestions.get(key)
    ]
    if not named:
        return _(
            "Geen indeling voorgesteld: de tekst past bij geen enkel thema, doelgroep of "
            "methode. Kies ze zelf in het concept."
        )
    return " ".join(named)
