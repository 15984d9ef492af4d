"""System checks of the working groups: what document previews need on the server."""

from django.core import checks

from . import previews


def previews_need_soffice(app_configs, **kwargs):
    if not previews.enabled() or previews.soffice() is not None:
        return []
    return [
        checks.Warning(
            "Previews of office documents are off: soffice (LibreOffice) was not found.",
            hint="Install Debian's libreoffice-core-nogui with its Writer, Calc and Impress "
            "parts (make office-deps), or set PORTAL_DOCUMENT_PREVIEWS=false. Members can "
            "then read only PDFs in the browser; other files must be downloaded.",
            id="werkgroepen.W001",
        )
    ]


def reader_needs_pdfjs(app_configs, **kwargs):
    if previews.pdfjs_installed():
        return []
    return [
        checks.Warning(
            "The document reader is off: PDF.js was not found among the static files.",
            hint="Run `npm ci --omit=dev --omit=optional` (make front-deps), then "
            "`manage.py collectstatic`. Members must then download documents to read them.",
            id="werkgroepen.W002",
        )
    ]


def register():
    checks.register(previews_need_soffice, checks.Tags.compatibility)
    checks.register(reader_needs_pdfjs, checks.Tags.staticfiles)
