"""A run of the importer: the site search's work held until the run ends, and what
the run looked up remembered.

Each sheet is created, revised and published through Wagtail's own page actions, so
Wagtail keeps its own search index and reference index current on each save, as for
a page an editor publishes. The site search (``search``) would re-read the page after
each commit; inside ``deferred_indexing`` (``import_praktijkfiches``) its work is held
(``search.api.held``) and done once per page when the run ends, also when the run
stops on an error.

A run also remembers what it looked up (``lookup``): a theme, organisation or method
named on many sheets is read once.
"""

import contextvars
from contextlib import contextmanager

from search.api import held

_lookups = contextvars.ContextVar("kennisbank_import_lookups", default=None)


def lookup(key, find):
    """``find()``, remembered for the rest of the run under ``key`` (outside a run:
    ``find()``)."""
    remembered = _lookups.get()
    if remembered is None:
        return find()
    if key not in remembered:
        remembered[key] = find()
    return remembered[key]


@contextmanager
def deferred_indexing():
    token = _lookups.set({})
    try:
        with held():
            yield
    finally:
        _lookups.reset(token)
