"""SQLite: an FTS5 table over the entries' token columns, ranked with bm25().

The tokens are our stems (``search.text``), so FTS5's own tokenizer only splits on
spaces. Every word is sent as a quoted FTS5 string: nothing a person types can
become FTS5 syntax.
"""

from itertools import islice, product

from django.db.models import F
from django.db.models.expressions import RawSQL

from ..query import AnyOf, Phrase, Term
from .schema import FTS_TABLE
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

# bm25() weights, in FTS column order: title, lead, body, title words.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)
TEXT_COLUMNS = "{title_index lead_index body_index}"
MAX_PHRASE_VARIANTS = 8


def quote(token):
    return '"' + token.replace('"', '""') + '"'


def compile_node(node):
    if isinstance(node, Term):
        if len(node.stems) == 1:
            return quote(node.stems[0])
        return "(" + " OR ".join(quote(s) for s in node.stems) + ")"
    if isinstance(node, Phrase):
        variants = islice(product(*(t.stems for t in node.terms)), MAX_PHRASE_VARIANTS)
        phrases = [quote(" ".join(stems)) for stems in variants]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(compile_node(o) for o in node.options) + ")"
    raise TypeError(node)


def compile_query(query, match_any=False, columns=TEXT_COLUMNS):
    """An FTS5 MATCH expression for ``query`` over ``columns``."""
    joiner = " OR " if match_any else " AND "
    expression = joiner.join(compile_node(n) for n in query.must)
    if query.must_not:
        excluded = " OR ".join(compile_node(n) for n in query.must_not)
        expression = f"({expression}) NOT ({excluded})"
    return f"{columns} : ({expression})"


def compile_prefix(words):
    *whole, prefix = words
    parts = [quote(w) for w in whole] + [quote(prefix) + "*"]
    return "{words_index} : (" + " AND ".join(parts) + ")"


def _fts_select(score=None):
    """SELECT of the matching rowids (and a score expression) for one MATCH parameter.
    Only constants are formatted in."""
    columns = f"rowid AS id, {score} AS s" if score else "rowid AS id"
    return f"SELECT {columns} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608


class SqliteEngine(SqlEngine):
    name = "sqlite"

    def _match_ids(self, expression):
        # The table name is a constant; the expression is a parameter.
        return RawSQL(_fts_select(), [expression])  # noqa: S611

    def match(self, qs, query, match_any=False):
        return qs.filter(pk__in=self._match_ids(compile_query(query, match_any)))

    def prefix_match(self, qs, words):
        return qs.filter(pk__in=self._match_ids(compile_prefix(words)))

    def scored(self, qs, query, match_any, values, only=None):
        # bm25 and the tiers are computed for every FTS match in any case; ``only``
        # would save nothing here.
        inner_sql, inner_params = (
            qs.order_by()
            .values(**values, entry_id=F("pk"), entry_boost=F("boost"))
            .query.sql_with_params()
        )
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # bm25() only works next to its MATCH, hence the materialised CTEs. The score
        # tiers are explained in engines.sql; bm25 (squeezed into 0..1) orders within a
        # tier. Formatted in: constants and the SQL Django compiled for the filtered
        # queryset (whose values stay parameters).
        ctes = [f"m AS MATERIALIZED ({_fts_select(f'-bm25({FTS_TABLE}, {weights})')})"]
        params = [compile_query(query, match_any)]
        if match_any:
            # Fallback: rank by the share of the words each row has.
            nodes = query.must[:MAX_COORDINATION_TERMS]
            indicators = []
            for i, node in enumerate(nodes):
                ctes.append(f"c{i} AS MATERIALIZED ({_fts_select()})")
                params.append(f"{TEXT_COLUMNS} : ({compile_node(node)})")
                indicators.append(f"(e.entry_id IN c{i})")
            tiers = f"{COORDINATION_WEIGHT} * ({' + '.join(indicators)}) / {len(nodes)}.0"
        else:
            ctes += [f"{name} AS MATERIALIZED ({_fts_select()})" for name in ("t", "l")]
            params += [
                compile_query(query, match_any, "{title_index}"),
                compile_query(query, match_any, "{lead_index}"),
            ]
            tiers = f"{TITLE_WEIGHT} * (e.entry_id IN t) + {LEAD_WEIGHT} * (e.entry_id IN l)"
            first = first_term(query)
            if first is not None:
                ctes.append(f"s AS MATERIALIZED ({_fts_select()})")
                starts = " OR ".join("^" + quote(stem) for stem in first.stems)
                params.append("{title_index} : (" + starts + ")")
                tiers += f" + {TITLE_START_WEIGHT} * (e.entry_id IN s)"
            if query.proximity is not None:
                ctes.append(f"p AS MATERIALIZED ({_fts_select()})")
                params.append(f"{TEXT_COLUMNS} : ({compile_node(query.proximity)})")
                tiers += f" + {PHRASE_WEIGHT} * (e.entry_id IN p)"
        chosen = ", ".join(f"e.{name}" for name in values)
        scored = (
            f"SELECT {chosen}, e.entry_boost * ({tiers} + m.s / (1.0 + m.s)) AS sc "  # noqa: S608
            f"FROM m JOIN ({inner_sql}) e ON e.entry_id = m.id"
        )
        return ctes, scored, [*params, *inner_params]
