"""Choosing the search engine.

``SEARCH_BACKEND=database`` (the default) searches the database itself: SQLite's FTS5
or PostgreSQL's full-text search, whichever ``DATABASE_URL`` points to.
``SEARCH_BACKEND=elasticsearch`` (with ``ELASTICSEARCH_URL``) uses Elasticsearch 8/9.
The search service, the views and the tests are the same for each.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

# Only the engine the settings select is imported (Elasticsearch's client is large).

_engines = {}


def engine_key():
    backend = getattr(settings, "SEARCH_BACKEND", "database")
    if backend == "elasticsearch":
        return ("elasticsearch", settings.ELASTICSEARCH_URL)
    return ("database", connection.vendor)


def get_engine():
    """The engine the settings select."""
    key = engine_key()
    if key[0] == "elasticsearch":
        if key not in _engines:
            from .elasticsearch import ElasticsearchEngine

            _engines[key] = ElasticsearchEngine(key[1])
        return _engines[key]
    return database_engine()


def database_engine():
    """The database's own engine, whichever engine the settings select: the index
    tables are written for every engine, so this one can always read them."""
    key = ("database", connection.vendor)
    if key not in _engines:
        detail = key[1]
        if detail == "sqlite":
            from .sqlite import SqliteEngine

            _engines[key] = SqliteEngine()
        elif detail == "postgresql":
            from .postgres import PostgresEngine

            _engines[key] = PostgresEngine()
        else:
            raise ImproperlyConfigured(
                f"Search needs SQLite, PostgreSQL or Elasticsearch, not {detail!r}."
            )
    return _engines[key]
