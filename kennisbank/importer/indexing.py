"""Search indexing of imported practices: once per sheet, or once for a whole run.

Two indexes are kept current when a page is saved: Wagtail's (``modelsearch``, what
``Page.objects.search`` and the admin read) and the portal's own (``search``, the
site search), each through ``post_save`` receivers. Creating and publishing a page
saves it three times; each save would update both indexes.

- ``one_index_update``: while one sheet is saved, Wagtail's update is off for
  practice pages; ``import_file`` indexes the page once at the end of its file.
- ``deferred_indexing``: for a run of many sheets (``import_praktijkfiches``),
  Wagtail's update is left alone while the sheets are saved and every imported page is
  added to it in one pass at the end, in batches (also when the run stops on an
  error); the site search's work is held by ``search.signals.held`` and done once per
  page at the end. Wagtail's receiver is process-wide: meant for management commands,
  not for requests.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch.index import get_search_backends_with_name, insert_or_update_object
from modelsearch.signal_handlers import post_save_signal_handler

from kennisbank.models import PracticePage
from search.signals import held

logger = logging.getLogger(__name__)

BATCH = 200
_deferred = contextvars.ContextVar("kennisbank_deferred_indexing", default=None)


@contextmanager
def one_index_update():
    disconnected = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    try:
        yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=PracticePage)


def index_after_save(page):
    """Called by ``import_file`` inside the transaction of a sheet that saved ``page``."""
    pending = _deferred.get()
    if pending is None:
        insert_or_update_object(page)
    else:
        pending.append(page.pk)


@contextmanager
def deferred_indexing():
    pending = []
    token = _deferred.set(pending)
    wagtail = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    try:
        with held():
            yield pending
    finally:
        _deferred.reset(token)
        if wagtail:
            post_save.connect(post_save_signal_handler, sender=PracticePage)
        index_pages(pending)


def index_pages(page_ids):
    """Add these practices to Wagtail's index, ``BATCH`` at a time."""
    ids = list(dict.fromkeys(page_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        pages = list(PracticePage.get_indexed_objects().filter(pk__in=chunk))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(PracticePage, pages)
            except Exception:
                logger.exception("Could not add imported pages to the %r search index", name)
                if not backend.catch_indexing_errors:
                    raise
