"""The export: one zip with ``data.json`` (machine readable, stable keys) and
``data.html`` (readable, self-contained: no external links, styles inline).

Written to a temporary file next to its destination and moved into place only when
complete (``os.replace``): a half-written export is never served and never left
behind.
"""

import datetime
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .hooks import sections_for

FORMAT = 1


class ExportError(Exception):
    pass


def _plain(value):
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def collect(person):
    """The sections with every value made plain (str, number, bool, ISO date)."""
    sections = []
    for section in sections_for(person):
        sections.append(
            {
                "key": section["key"],
                "title": str(section["title"]),
                "intro": str(section.get("intro", "")),
                "columns": [(key, str(label)) for key, label in section["columns"]],
                "rows": [
                    {key: _plain(row.get(key)) for key, _label in section["columns"]}
                    for row in section["rows"]
                ],
            }
        )
    return sections


def as_json(person, sections):
    data = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "portal": getattr(settings, "PORTAL_NAME", ""),
        "sections": {
            section["key"]: {"title": section["title"], "rows": section["rows"]}
            for section in sections
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def as_html(person, sections):
    return render_to_string(
        "personaldata/export.html",
        {"sections": sections, "created": timezone.now(), "person": person},
    )


def write_zip(person, destination):
    """Write the export of ``person`` to ``destination`` (a path); atomic."""
    destination = Path(destination)
    folder = destination.parent
    if not folder.is_dir():
        raise ExportError(f"De map {folder} bestaat niet.")
    sections = collect(person)
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".zip.part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write(stream, person, sections)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination


def _write(stream, person, sections):
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", as_json(person, sections))
        archive.writestr("data.html", as_html(person, sections))


def zip_bytes_file(person):
    """A complete export in a temporary file (deleted when closed), at its start."""
    sections = collect(person)
    stream = tempfile.TemporaryFile()  # noqa: SIM115 -- returned open; closed by the response
    try:
        _write(stream, person, sections)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    return stream
