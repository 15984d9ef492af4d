"""PostgreSQL: tsvector columns built from our stems, GIN indexes, ts_rank.

The vectors and queries are literals of our own tokens (``postgres_vectors``), so no
text-search configuration is involved and the stems are the same as on SQLite.
The vectors are in ``SearchText`` (joined one to one). Matching uses the full
``search_vector``; ranking reads the smaller ``rank_vector``
(title, lead, the start of the body) because ts_rank has to decompress the vector of
every matching row.
"""

import json
from functools import lru_cache
from itertools import islice, product

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL

from ..models import SearchEntry, SearchText
from ..query import AnyOf, Phrase, Term
from .postgres_vectors import quote_lexeme
from .sql import (
    COORDINATION_WEIGHT,
    LEAD_WEIGHT,
    MAX_COORDINATION_TERMS,
    PHRASE_WEIGHT,
    TITLE_START_WEIGHT,
    TITLE_WEIGHT,
    SqlEngine,
    first_term,
)

# ts_rank weights for D, C, B, A (body is C, lead B, title A).
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
MAX_PHRASE_VARIANTS = 8


def _lexeme(stem, weight):
    return quote_lexeme(stem) + (f":{weight}" if weight else "")


def compile_node(node, weight=""):
    """tsquery text; ``weight`` ("A", "B") limits the match to title or lead words."""
    if isinstance(node, Term):
        if len(node.stems) == 1:
            return _lexeme(node.stems[0], weight)
        return "(" + " | ".join(_lexeme(s, weight) for s in node.stems) + ")"
    if isinstance(node, Phrase):
        variants = islice(product(*(t.stems for t in node.terms)), MAX_PHRASE_VARIANTS)
        phrases = [
            "(" + " <-> ".join(_lexeme(s, weight) for s in stems) + ")" for stems in variants
        ]
        return phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(compile_node(o, weight) for o in node.options) + ")"
    raise TypeError(node)


def compile_query(query, match_any=False, weight=""):
    joiner = " | " if match_any else " & "
    expression = joiner.join(compile_node(n, weight) for n in query.must)
    if query.must_not:
        excluded = " | ".join(compile_node(n) for n in query.must_not)
        expression = f"({expression}) & !({excluded})"
    return expression


def compile_prefix(words):
    *whole, prefix = words
    return " & ".join([*(quote_lexeme(w) for w in whole), quote_lexeme(prefix) + ":*"])


# Up to this many matching rows (the planner's estimate from the GIN index's
# statistics), a search looks its matches up by primary key (PostgresEngine.match).
FEW_MATCHES = 3000
# The same for suggestions (PostgresEngine.prefix_match). Joined, PostgreSQL sorted every
# visible entry of the language to walk them in the suggestions' order, ~45 ms at
# 10,000 practices whatever the prefix; looked up, it costs ~5 us per match.
FEW_PREFIX_MATCHES = 8000


@lru_cache(maxsize=2048)
def _estimated_matches(column, tsquery):
    """The planner's estimate of the rows whose ``column`` matches ``tsquery`` (a cheap
    EXPLAIN: the statistics of the vectors, not the rows). Kept per process: it only
    chooses the form of the statement, both forms give the same rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT entry_id "  # noqa: S608 -- constant names
            f"FROM {SearchText._meta.db_table} WHERE {column} @@ %s::tsquery",
            [tsquery],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


class TsMatch(Func):
    """``column @@ 'query'::tsquery``"""

    output_field = BooleanField()

    def __init__(self, column, tsquery):
        self.tsquery = tsquery
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra):
        column_sql, params = compiler.compile(self.source_expressions[0])
        return f"({column_sql} @@ %s::tsquery)", [*params, self.tsquery]


class TsRank(Func):
    """``ts_rank(weights, column, 'query'::tsquery)``"""

    output_field = FloatField()

    def __init__(self, column, tsquery):
        self.tsquery = tsquery
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra):
        column_sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"ts_rank(%s::float4[], {column_sql}, %s::tsquery)",
            [RANK_WEIGHTS, *params, self.tsquery],
        )


class PostgresEngine(SqlEngine):
    name = "postgresql"

    def after_rebuild(self):
        # A rebuild rewrites every row: without fresh statistics the planner misjudges
        # how many rows a word matches (and how many pass the privacy filter) until
        # autovacuum gets to it, and picks plans several times slower.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}, {SearchText._meta.db_table}")
        _estimated_matches.cache_clear()

    def match(self, qs, query, match_any=False):
        return self._matching(qs, "search_vector", compile_query(query, match_any), FEW_MATCHES)

    def _matching(self, qs, column, tsquery, few):
        """``qs`` narrowed to the rows whose vector ``column`` matches ``tsquery``,
        looked up by primary key when the planner expects at most ``few``."""
        if _estimated_matches(column, tsquery) > few:
            return qs.filter(TsMatch(f"content__{column}", tsquery))
        # Few matches: read them from the GIN index once and look their entries up by
        # primary key. Joined, the planner reads every entry of the language through
        # the privacy filter to find a few hundred rows, in every statement (and for
        # suggestions, sorted all of them first).
        return qs.filter(
            RawSQL(  # noqa: S611 -- a constant statement; the query is a parameter
                f"{SearchEntry._meta.db_table}.id = ANY(ARRAY("  # noqa: S608
                f"SELECT entry_id FROM {SearchText._meta.db_table} "
                f"WHERE {column} @@ %s::tsquery))",
                [tsquery],
                output_field=BooleanField(),
            )
        )

    def match_among(self, qs, query, match_any=False):
        # Each row's own vector: reading every match of the query first (``match``'s
        # few-matches form) cost 2-3 ms for a word with 2,000 results.
        return qs.filter(TsMatch("content__search_vector", compile_query(query, match_any)))

    def prefix_match(self, qs, words):
        return self._matching(qs, "words_vector", compile_prefix(words), FEW_PREFIX_MATCHES)

    def scored(self, qs, query, match_any, values, only=None):
        def tier(tsquery, weight):
            return Case(
                When(TsMatch("content__rank_vector", tsquery), then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )

        text_rank = TsRank("content__rank_vector", compile_query(query, match_any))
        squashed = text_rank / (Value(1.0) + text_rank)
        if match_any:
            # Fallback: rank by the share of the words each row has.
            nodes = query.must[:MAX_COORDINATION_TERMS]
            share = COORDINATION_WEIGHT / len(nodes)
            score = squashed
            for node in nodes:
                score = score + Case(
                    When(TsMatch("content__search_vector", compile_node(node)), then=Value(share)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
        else:
            score = (
                tier(compile_query(query, match_any, "A"), TITLE_WEIGHT)
                + tier(compile_query(query, match_any, "B"), LEAD_WEIGHT)
                + squashed
            )
            if query.proximity is not None:
                score = score + tier(compile_node(query.proximity), PHRASE_WEIGHT)
            first = first_term(query)
            if first is not None:
                starts = Q()
                for stem in first.stems:
                    starts |= Q(content__title_index=stem)
                    starts |= Q(content__title_index__startswith=stem + " ")
                score = score + Case(
                    When(starts, then=Value(TITLE_START_WEIGHT)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
        score = score * F("boost")
        if only:
            # ts_rank and the tier matches are the cost per row: not for rows left out.
            score = Case(When(only, then=score), default=None, output_field=FloatField())
        sql, params = (
            self.match(qs, query, match_any)
            .order_by()
            .values(**values, sc=score)
            .query.sql_with_params()
        )
        return [], sql, params
