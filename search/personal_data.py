"""What the search keeps that may name a person, for an erasure (``personaldata``).

- The search log (``SearchTerm``) holds what people typed, without who typed it; a
  query that names the erased person is removed.
- On SQLite the full-text index (FTS5) keeps the words of deleted rows in its
  segments until it merges them: after the erasure has been indexed, the index is
  merged (FTS5's ``optimize``), so the person's words are gone from it too. On
  PostgreSQL the vectors live in the rows themselves, which indexing replaced.

``search`` may not import ``personaldata`` (the same layer): the hook names are the
strings of ``personaldata.hooks``.
"""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from .engines.schema import FTS_TABLE
from .models import SearchTerm

ERASE_HOOK = "erase_personal_data"
ERASED_HOOK = "personal_data_erased"


def erase(run):
    """Searches that name the person go from the search log."""
    doomed = [
        term.pk
        for term in SearchTerm.objects.only("pk", "query").iterator()
        if run.scrub(term.query) != term.query
    ]
    count, _details = SearchTerm.objects.filter(pk__in=doomed).delete()
    run.done(_("zoekopdrachten met de naam"), count)


def compact_index(run=None):
    """Merge the SQLite full-text index, dropping the words of deleted rows."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
