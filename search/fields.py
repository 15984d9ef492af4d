"""A column that is a ``tsvector`` on PostgreSQL and plain (unused) text elsewhere.

We build the vector text ourselves (see ``search.engines.postgres.tsvector_literal``)
from our own tokens, so PostgreSQL's parser and text-search configuration never see
the words: the tokens are exactly the ones SQLite's FTS5 table gets.
"""

from django.db import models


class TsVectorField(models.TextField):
    description = "tsvector on PostgreSQL, text elsewhere"

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor == "postgresql":
            return "%s::tsvector"
        return "%s"
