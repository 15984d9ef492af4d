"""Indexing of imported practices: once per sheet, or once for a whole run.

Three indexes are kept current when a page is saved: Wagtail's search index
(``modelsearch``, what ``Page.objects.search`` and the admin read), the portal's own
(``search``, the site search) and Wagtail's reference index (what links to what:
"usage" in the admin, and the warnings before an image or a page is deleted), each
through ``post_save`` receivers. Creating and publishing a page saves it three times;
each save would update all three.

- ``one_index_update``: while one sheet is saved, Wagtail's search update is off for
  practice pages and its reference index is not updated (Wagtail's own
  ``disable_reference_index_auto_update``); ``import_file`` updates both once for the
  page at the end of its file, in the file's transaction.
- ``deferred_indexing``: for a run of many sheets (``import_praktijkfiches``),
  Wagtail's search update is left alone while the sheets are saved and every imported
  page is added to it in one pass at the end, in batches (also when the run stops on
  an error); the reference index of every imported page and image is updated once at
  the end too; the site search's work is held by ``search.signals.held`` and done once
  per page at the end. Wagtail's search receiver is process-wide: meant for
  management commands, not for requests. The reference index is switched off for this
  thread only.

A run also remembers what it looked up (``lookup``): a theme, organisation or method
named on many sheets is read once.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch.index import get_search_backends_with_name, insert_or_update_object
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import (
    disable_reference_index_auto_update,
    reference_index_auto_update_disabled,
)
from wagtail.tasks import update_reference_index_task

from core.models import PortalImage
from kennisbank.models import PracticePage
from search.signals import held
from search.wagtail_index import indexed_objects

logger = logging.getLogger(__name__)

BATCH = 200
_run = contextvars.ContextVar("kennisbank_import_run", default=None)


class _Run:
    def __init__(self):
        self.pages = []  # primary keys of the pages saved, in order
        self.images = []  # primary keys of the images stored
        self.lookups = {}


@contextmanager
def _references_off():
    """Wagtail's ``disable_reference_index_auto_update``, which cannot be nested (its
    exit clears the flag an outer block set): entered only when not on already."""
    if getattr(reference_index_auto_update_disabled, "value", False):
        yield
        return
    with disable_reference_index_auto_update():
        yield


@contextmanager
def one_index_update():
    disconnected = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    try:
        with _references_off():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=PracticePage)


def index_after_save(page, images=()):
    """Called by ``import_file`` inside the transaction of a sheet that saved ``page``
    (and stored ``images``)."""
    run = _run.get()
    if run is None:
        insert_or_update_object(page)
        update_references(PracticePage, [page.pk])
        update_references(PortalImage, [image.pk for image in images])
    else:
        run.pages.append(page.pk)
        run.images.extend(image.pk for image in images)


def lookup(key, find):
    """``find()``, remembered for the rest of the run under ``key`` (outside a run:
    ``find()``)."""
    run = _run.get()
    if run is None:
        return find()
    if key not in run.lookups:
        run.lookups[key] = find()
    return run.lookups[key]


@contextmanager
def deferred_indexing():
    run = _Run()
    token = _run.set(run)
    wagtail = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    try:
        with held(), _references_off():
            yield
    finally:
        _run.reset(token)
        if wagtail:
            post_save.connect(post_save_signal_handler, sender=PracticePage)
        # Only what the sheets' transactions committed (a commit that failed leaves
        # ids of rows that are not there).
        pages = list(PracticePage.objects.filter(pk__in=run.pages).values_list("pk", flat=True))
        images = PortalImage.objects.filter(pk__in=run.images).values_list("pk", flat=True)
        add_to_wagtail_index(pages)
        update_references(PracticePage, pages)
        update_references(PortalImage, images)


def update_references(model, pks):
    """Update Wagtail's reference index for these objects, the way its own receiver
    does after a save: a task (inline in development, a worker's job in production)."""
    for pk in dict.fromkeys(pks):
        update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


def add_to_wagtail_index(page_ids):
    """Add these practices to Wagtail's index, ``BATCH`` at a time, with the relations
    its search fields read prefetched (``search.wagtail_index.indexed_objects``, as
    ``update_index`` does)."""
    ids = list(dict.fromkeys(page_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        pages = list(indexed_objects(PracticePage).filter(pk__in=chunk))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(PracticePage, pages)
            except Exception:
                logger.exception("Could not add imported pages to the %r search index", name)
                if not backend.catch_indexing_errors:
                    raise
