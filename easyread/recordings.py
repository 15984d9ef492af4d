"""Read-aloud recordings made on the server, for phones without a voice.

*Lees voor* uses the browser's own voice where it has one for the page's language.
Many cheap phones have none for Arabic, Turkish or Ukrainian, so every page with an
easy-read mixin also gets a recording of its text, made with Debian's ``espeak-ng``
and encoded as MP3 with ``lame``: one of the full text and one of the easy-read
version, in the page's language.

- Only page types that offer *Lees voor* have recordings: they name the fields of
  their full text in ``read_aloud_fields`` (a meeting's minutes are never recorded).
- Made by a background task after the page is published (``easyread.signals``), and
  made again only when the spoken text changed (its hash is kept on the row).
- Kept in the private storage and served by ``easyread.views.recording`` only to
  visitors who may open the page; removed when the page is unpublished or deleted.
- Without ``espeak-ng`` (or ``lame``) nothing is made: the page says that reading
  aloud is not available on that phone, and a system check warns the operator.
"""

import hashlib
import logging
import shutil
import subprocess
import tempfile
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page

logger = logging.getLogger(__name__)

FULL = "full"
EASY = "easy"
# espeak-ng's voice per content language (Flemish French for French).
VOICES = {"nl": "nl", "fr": "fr-be", "en": "en", "ar": "ar", "tr": "tr", "pl": "pl", "uk": "uk"}
# Longer text is cut here: about fifteen minutes of speech.
MAX_CHARS = 12_000
# A little slower than espeak-ng's 175 words a minute, for people who read with
# difficulty.
WORDS_PER_MINUTE = 150
SECONDS_PER_RUN = 300


class RecordingFailed(Exception):
    """espeak-ng or lame is missing, failed or took too long."""


def enabled():
    return getattr(settings, "PORTAL_READ_ALOUD_RECORDINGS", True)


def tools():
    """(espeak-ng, lame) as paths, or None when either is missing."""
    espeak = shutil.which(getattr(settings, "PORTAL_ESPEAK_NG", "espeak-ng"))
    lame = shutil.which(getattr(settings, "PORTAL_LAME", "lame"))
    return (espeak, lame) if espeak and lame else None


def voice(language):
    return VOICES.get((language or "").split("-")[0])


def _field_text(page, name):
    """The visible text of one field: rich text and stream blocks as their text."""
    try:
        field = page._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    value = getattr(page, name, None)
    if not value:
        return []
    if hasattr(field, "get_searchable_content"):
        parts = field.get_searchable_content(value)
    else:
        parts = [str(value)]
    return [strip_tags(str(part)) for part in parts if part]


def spoken_text(page, level):
    """What the recording of ``level`` says: the title and the text a visitor reads,
    as plain text ('' when that level has no text)."""
    names = ("easy_read",) if level == EASY else getattr(page, "read_aloud_fields", ())
    parts = [part for name in names for part in _field_text(page, name)]
    if not any(part.strip() for part in parts):
        return ""
    lines = (" ".join(line.split()) for part in [page.title, *parts] for line in part.split("\n"))
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def text_hash(text, language):
    return hashlib.sha256(f"{voice(language)}\n{text}".encode()).hexdigest()


def synthesise(text, language):
    """MP3 bytes of ``text`` read in ``language``; raises ``RecordingFailed``."""
    found = tools()
    if found is None:
        raise RecordingFailed("espeak-ng or lame is not installed")
    espeak, lame = found
    with tempfile.TemporaryDirectory(prefix="portal-voorlezen-") as folder:
        wav, mp3 = Path(folder) / "text.wav", Path(folder) / "text.mp3"
        try:
            subprocess.run(  # noqa: S603 -- fixed programs, the text goes in on stdin
                [espeak, "-v", voice(language), "-s", str(WORDS_PER_MINUTE), "--stdin", "-w", wav],
                input=text.encode(),
                check=True,
                capture_output=True,
                timeout=SECONDS_PER_RUN,
            )
            subprocess.run(  # noqa: S603
                [lame, "--quiet", "-m", "m", "-b", "32", wav, mp3],
                check=True,
                capture_output=True,
                timeout=SECONDS_PER_RUN,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise RecordingFailed(str(error)) from error
        return mp3.read_bytes()


def offered(page):
    """Whether ``page``'s type offers read-aloud (and so has recordings)."""
    return bool(getattr(page, "read_aloud_fields", ()))


def make_recordings(page):
    """Record each level of the live ``page`` whose text changed since its last
    recording; remove recordings of levels without text. Returns the levels made."""
    from .models import Recording

    language = page.locale.language_code
    if not enabled() or not offered(page) or voice(language) is None:
        return []
    made = []
    kept = {rec.level: rec for rec in Recording.objects.filter(page=page)}
    for level in (FULL, EASY):
        text = spoken_text(page, level)
        recording = kept.get(level)
        if not text:
            if recording is not None:
                recording.delete()
            continue
        digest = text_hash(text, language)
        if recording is not None and recording.text_hash == digest and recording.file:
            continue
        try:
            audio = synthesise(text, language)
        except RecordingFailed as error:
            logger.warning("No recording of page %s (%s): %s", page.pk, level, error)
            continue
        if recording is None:
            recording = Recording(page=page, level=level)
        old_file = recording.file.name if recording.file else ""
        recording.language = language
        recording.text_hash = digest
        recording.file.save(f"p{page.pk}-{level}.mp3", ContentFile(audio), save=False)
        recording.save()
        if old_file and old_file != recording.file.name:
            # Once the new file's row is committed: a rollback keeps the old one.
            transaction.on_commit(partial(recording.file.storage.delete, old_file))
        made.append(level)
    return made


def record_later(page_id):
    """Queue the recordings of page ``page_id`` once the current transaction commits."""
    if not enabled():
        return
    from .tasks import record_page

    transaction.on_commit(lambda: record_page.enqueue(page_id))


def forget(page):
    """Remove the recordings of ``page`` (unpublished: nobody may hear them now)."""
    from .models import Recording

    for recording in Recording.objects.filter(page=page):
        recording.delete()


def live_page(page_id):
    page = Page.objects.live().filter(pk=page_id).first()
    return page.specific if page is not None else None
