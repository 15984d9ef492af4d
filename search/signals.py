"""Keeping the search index current without anyone calling it.

- A page saved (created, published, unpublished, a draft saved) is re-read from the
  database after the transaction commits and its rows replaced: the database row
  always holds the live content, so a draft never reaches the index.
- A child object with an adapter (a practice's tip) schedules its page.
- A page moved re-indexes its subtree (paths, working group).
- A document saved (upload, new file, extracted text, trash, restore) or re-tagged
  is re-indexed; a trashed document has no rows.
- Deleting a page or a document deletes its rows (foreign-key cascade); search
  servers are told too.
- Restriction and membership changes need no re-indexing: every search filters by
  them (through values kept under the content version, which such a change bumps).

Work is collected per transaction and done once per object after commit; inside
``held()`` (a long run such as an import) it is collected until the run ends. Each
flush bumps the content version once more, after the index is written: searches kept
under the version that the change itself made may have counted the old rows.
"""

import contextvars
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from modelcluster.fields import ParentalKey
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import post_page_move

from core.cache import bump_content_version

from . import adapters
from .models import SearchEntry

_local = threading.local()
_held = contextvars.ContextVar("search_index_work_held", default=False)


def _defer(callback):
    """Run ``callback`` after the current transaction commits (tests replace this)."""
    transaction.on_commit(callback, robust=True)


def _pending():
    if not hasattr(_local, "items"):
        _local.items = {}
    return _local.items


def schedule(kind, pk):
    _pending()[(kind, pk)] = True
    if not _held.get():
        _defer(flush)


@contextmanager
def held():
    """Collect the index work of everything saved inside the block and do it once,
    when the block ends (also on an error), instead of after every transaction: for a
    command that saves many objects, each several times. Only this thread (context)
    waits; requests served meanwhile keep indexing as usual."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
        flush()


def flush():
    from .indexing import index_objects, index_pages

    items = list(_pending())
    _pending().clear()
    if not items:
        return
    index_pages([pk for kind, pk in items if kind == "page"])
    documents = [pk for kind, pk in items if kind == "document"]
    if documents:
        index_objects(get_document_model().objects.filter(pk__in=documents).order_by("pk"))
    # The index is written after the change that led to it was committed (and its
    # content version with it): searches kept under that version (search.service)
    # may have counted the old rows in between.
    bump_content_version()


def _parent_pages(instance):
    for f in instance._meta.concrete_fields:
        if isinstance(f, ParentalKey) and issubclass(f.related_model, Page):
            pk = getattr(instance, f.attname)
            if pk:
                yield pk


def on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Page):
        schedule("page", instance.pk)
    elif isinstance(instance, get_document_model()):
        schedule("document", instance.pk)
    elif adapters.adapter_for(type(instance)) is not None:
        for pk in _parent_pages(instance):
            schedule("page", pk)


def on_child_delete(sender, instance, **kwargs):
    if isinstance(instance, Page | get_document_model()):
        return
    if adapters.adapter_for(type(instance)) is not None:
        for pk in _parent_pages(instance):
            schedule("page", pk)


def on_move(sender, instance, **kwargs):
    for pk in Page.objects.filter(path__startswith=instance.path).values_list("pk", flat=True):
        schedule("page", pk)


def on_tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, get_document_model()
    ):
        schedule("document", instance.pk)


def before_delete(sender, instance, **kwargs):
    """Search servers keep their own copy: tell them which rows go."""
    from .engines import get_engine

    engine = get_engine()
    if not getattr(engine, "keeps_copy", False):
        return
    if isinstance(instance, Page):
        keys = list(SearchEntry.objects.filter(page_id=instance.pk).values_list("key", flat=True))
    elif isinstance(instance, get_document_model()):
        keys = list(
            SearchEntry.objects.filter(document_id=instance.pk).values_list("key", flat=True)
        )
    else:
        return
    if keys:
        transaction.on_commit(lambda: engine.after_write(keys, []))


def connect():
    post_save.connect(on_save, dispatch_uid="search_on_save")
    post_delete.connect(on_child_delete, dispatch_uid="search_on_child_delete")
    pre_delete.connect(before_delete, dispatch_uid="search_before_delete")
    post_page_move.connect(on_move, dispatch_uid="search_on_move")
    Document = get_document_model()
    m2m_changed.connect(
        on_tags_changed, sender=Document.tags.through, dispatch_uid="search_on_tags"
    )
