"""Counting searches for the editors' report, off the hot read path.

A search only adds its query to an in-memory counter of this process. The counter
is written to ``SearchTerm`` in one short transaction after a response has been sent
(Django's ``request_finished``), at most every ``PORTAL_SEARCH_LOG_FLUSH_SECONDS``,
and when the process exits. So a search never waits for a write, and with SQLite in
WAL mode the one small write never blocks readers (FACTS.md: per-search writes gave
"database is locked"). A crash loses at most a few seconds of statistics.

Only the normalised query text, the language and whether anything was found are
kept: no user, no IP address.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_counts = Counter()
_last_flush = [time.monotonic()]
MAX_QUERY_LENGTH = 255
MAX_PENDING = 5_000


def normalise(raw):
    return " ".join((raw or "").casefold().split())[:MAX_QUERY_LENGTH]


def record(raw, language, found):
    query = normalise(raw)
    if not query:
        return
    key = (timezone.localdate(), query, language[:12])
    with _lock:
        if len(_counts) >= MAX_PENDING and key not in _counts:
            return  # a flood of distinct queries: drop rather than grow without bound
        searches, empty = _counts.get(key, (0, 0))
        _counts[key] = (searches + 1, empty + (0 if found else 1))


def _take():
    with _lock:
        items = dict(_counts)
        _counts.clear()
        _last_flush[0] = time.monotonic()
    return items


def flush():
    """Write the pending counts. Safe to call any time; returns rows touched."""
    from .models import SearchTerm

    items = _take()
    if not items:
        return 0
    try:
        with transaction.atomic():
            for (day, query, language), (searches, empty) in items.items():
                rows = SearchTerm.objects.filter(day=day, query=query, language=language)
                updated = rows.update(
                    searches=F("searches") + searches,
                    without_results=F("without_results") + empty,
                )
                if not updated:
                    try:
                        with transaction.atomic():
                            SearchTerm.objects.create(
                                day=day,
                                query=query,
                                language=language,
                                searches=searches,
                                without_results=empty,
                            )
                    except IntegrityError:  # another process created it meanwhile
                        rows.update(
                            searches=F("searches") + searches,
                            without_results=F("without_results") + empty,
                        )
    except DatabaseError:
        logger.warning("Could not write %d search log rows", len(items), exc_info=True)
        return 0
    return len(items)


def _flush_when_due(**kwargs):
    interval = getattr(settings, "PORTAL_SEARCH_LOG_FLUSH_SECONDS", 30)
    if _counts and time.monotonic() - _last_flush[0] >= interval:
        flush()


def pending():
    with _lock:
        return dict(_counts)


def connect():
    request_finished.connect(_flush_when_due, dispatch_uid="search_querylog_flush")
    atexit.register(_flush_safely)


def _flush_safely():
    try:
        flush()
    except Exception:  # interpreter shutting down: nothing sensible left to do
        logger.debug("search log flush at exit failed", exc_info=True)
