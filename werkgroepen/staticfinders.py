"""PDF.js as static files of the portal, straight from the pinned npm package.

``PdfjsFinder`` (in ``STATICFILES_FINDERS``) offers the two files the document reader
loads, ``pdfjs/pdf.min.mjs`` and ``pdfjs/pdf.worker.min.mjs``, from
``settings.PDFJS_BUILD_DIR`` (``node_modules/pdfjs-dist/legacy/build``): served by
whitenoise in development and tests, copied by ``collectstatic`` in production. A
``STATICFILES_DIRS`` entry would collect the whole build folder too (source maps, the
scripting sandbox: about 40 MB once hashed and compressed) for nothing.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "pdfjs"
FILES = ("pdf.min.mjs", "pdf.worker.min.mjs")


class PdfjsFinder(BaseFinder):
    @property
    def root(self):
        # Read on each use: the setting may change (tests), the finder is kept.
        return Path(getattr(settings, "PDFJS_BUILD_DIR", "") or "node_modules/-")

    def check(self, **kwargs):
        return []  # a missing PDF.js is werkgroepen.W002, with its hint

    def _present(self):
        return [name for name in FILES if (self.root / name).is_file()]

    def find(self, path, find_all=False, **kwargs):
        directory, _, name = path.replace("\\", "/").rpartition("/")
        if directory == PREFIX and name in self._present():
            found = str(self.root / name)
            return [found] if find_all else found
        return []  # like Django's own finders: an empty list, whatever find_all is

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(self.root))
        # collectstatic and whitenoise put a storage's files under its ``prefix``.
        storage.prefix = PREFIX
        for name in self._present():
            yield name, storage
