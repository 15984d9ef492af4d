"""Wagtail's own search index (modelsearch, the admin's searches) reads each search
field of an object once, not once per column it writes.

The database backends of modelsearch build an object's row through an
``ObjectIndexer``. Its ``title``, ``body`` and ``autocomplete`` columns (and on
PostgreSQL two plain-text columns for fuzzy search) each walk every search field of the
object again: a rich-text field is stripped of its tags, a list of themes joined, three
to five times per object. On PostgreSQL that was more than half of what
``update_index`` spent on Wagtail's index at 10,000 practices
(``docs/performance.md``, sixth round).

``install()`` gives the backend of the database in use an indexer that keeps what it
read for each of the object's own search fields and hands the same values to every
column: the same values in the same order, each read once. modelsearch has no setting
for its indexer class, so the module's name is pointed at the subclass, once, when the
app is ready; an upgrade that renames it makes ``install`` do nothing (a test notices).
"""

import importlib

from django.db import connection

BACKEND_MODULES = {
    "postgresql": "modelsearch.backends.database.postgres.postgres",
    "sqlite": "modelsearch.backends.database.sqlite.sqlite",
}


def reads_each_field_once(indexer_class):
    """A subclass of a modelsearch ``ObjectIndexer`` that reads each of the object's
    own search fields once (the fields of related objects are read as before, inside
    the field that names them)."""

    class OnceIndexer(indexer_class):
        reads_each_field_once = True

        def prepare_field(self, obj, field):
            if obj is not self.obj:
                yield from super().prepare_field(obj, field)
                return
            read = self.__dict__.setdefault("_fields_read", {})
            if id(field) not in read:
                read[id(field)] = (field, list(super().prepare_field(obj, field)))
            yield from read[id(field)][1]

    OnceIndexer.__name__ = OnceIndexer.__qualname__ = f"Once{indexer_class.__name__}"
    return OnceIndexer


def install():
    """Point the backend module of the database in use at ``reads_each_field_once``
    of its indexer (once)."""
    name = BACKEND_MODULES.get(connection.vendor)
    if name is None:
        return
    module = importlib.import_module(name)
    indexer = getattr(module, "ObjectIndexer", None)
    if indexer is not None and not getattr(indexer, "reads_each_field_once", False):
        module.ObjectIndexer = reads_each_field_once(indexer)
