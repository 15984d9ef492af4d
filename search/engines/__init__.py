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
    key = engine_key()
    if key not in _engines:
        kind, detail = key
        if kind == "elasticsearch":
            from .elasticsearch import ElasticsearchEngine

            _engines[key] = ElasticsearchEngine(detail)
        elif detail == "sqlite":
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
