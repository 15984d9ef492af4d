"""Is an uploaded file what its name says? Checked on the content, not the extension.

The allowed extensions and the size limit come from ``WAGTAILDOCS_EXTENSIONS`` and
``WAGTAILDOCS_MAX_UPLOAD_SIZE``. For each allowed extension we know what its content
looks like: magic bytes (PDF, PNG, JPEG), the zip structure of Office Open XML and
OpenDocument files (which part or ``mimetype`` entry they must contain), or, for TXT
and CSV, text without NUL bytes. A renamed program (``MZ``/ELF header) is named as
such. ``check_upload`` returns a Dutch message for the form, or ``None``.
"""

import os
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEAD_BYTES = 8192

OOXML_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def allowed_extensions():
    return [ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []]


def max_upload_size():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)


def extension_of(filename):
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = archive.read("mimetype").strip()
            return names, mimetype
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None, b""


def content_matches(extension, head, upload):
    """Does the content fit ``extension``? ``head``: the first bytes of the file."""
    if extension == "pdf":
        return b"%PDF-" in head[:1024]
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in OOXML_PART or extension in ODF_MIMETYPE:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names, mimetype = _zip_names(upload)
        if names is None:
            return False
        if extension in OOXML_PART:
            return "[Content_Types].xml" in names and OOXML_PART[extension] in names
        return mimetype == ODF_MIMETYPE[extension]
    if extension in ("txt", "csv"):
        return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))
    # An extension allowed in settings that we know nothing about: trust the name.
    return True


def check_upload(upload):
    """A Dutch message explaining why ``upload`` is refused, or None when it is fine."""
    name = os.path.basename(upload.name or "")
    extension = extension_of(name)
    allowed = allowed_extensions()
    if allowed and extension not in allowed:
        return _("%(name)s: dit bestandstype is niet toegelaten. Toegelaten zijn: %(types)s.") % {
            "name": name,
            "types": ", ".join(allowed),
        }
    limit = max_upload_size()
    if limit and upload.size > limit:
        return _("%(name)s is te groot (%(size)s). Het maximum is %(limit)s.") % {
            "name": name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit),
        }
    if upload.size == 0:
        return _("%(name)s is leeg.") % {"name": name}
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    looks_like_program = head.startswith(PROGRAM_SIGNATURES) and (
        extension not in ("txt", "csv") or b"\x00" in head
    )
    if looks_like_program:
        return _("%(name)s lijkt een programma, geen document. Dat kan je hier niet delen.") % {
            "name": name
        }
    if not content_matches(extension, head, upload):
        upload.seek(0)
        return _(
            "De inhoud van %(name)s past niet bij de extensie .%(ext)s. "
            "Sla het bestand opnieuw op in het juiste formaat."
        ) % {"name": name, "ext": extension}
    upload.seek(0)
    return None
