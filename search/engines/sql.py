"""The database engines: SQLite FTS5 and PostgreSQL full-text search.

Everything a search needs happens in SQL over ``SearchEntry``: the privacy filter
(rows of pages / documents the user may not open are excluded, from the live tree and
restrictions — ``access.privacy``'s rules, evaluated on every search, so a membership
or restriction change counts at once), the facet filters, the match, the ranking, the
grouping, the counting and the page slice (LIMIT/OFFSET). Nothing proportional to the
number of matches is loaded into Python.

Subclasses supply the vendor-specific match condition, ranking query and prefix
condition.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Substr
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from access.privacy import (
    audience,
    branch_paths,
    failed_collection_restrictions,
    failed_page_restrictions,
)
from core.cache import kept_for_audience

from ..facets import BY_NAME, LANGUAGE
from ..models import SearchEntry, SearchEntryFacet
from .base import BaseEngine, Hit

# Relevance, the same on every engine: a result with all the words in its title
# ranks above one with them in the lead, above one with them only in the body; the
# words side by side add to that; the engine's own text score (squeezed into 0..1)
# orders results within a tier; the kind of content multiplies it (adapters' boost).
TITLE_WEIGHT, LEAD_WEIGHT, PHRASE_WEIGHT = 3.0, 1.5, 2.0
# A title that starts with the first word asked for names the topic itself
# ("Oudercafé" before "Kapellen: een oudercafé in de kinderopvang").
TITLE_START_WEIGHT = 1.5
# When no result has all the words and any word may match instead, the share of the
# words a result has decides first (the tiers above would reward one word in a title).
COORDINATION_WEIGHT = 4.0
MAX_COORDINATION_TERMS = 8

# The number of result groups among the summary's matching rows (``mm``) that pass a
# condition: a group with one matching row (most: a tip, a document, a page without
# translations or easy-read version) counts as a row; only the rows of groups with
# several (``dg``) go through COUNT(DISTINCT), whose sort was most of the summary's
# cost for a common word (74 -> 51 ms at 10,000 practices). Same numbers (tested).
GROUPS = (
    "(COUNT(*) FILTER (WHERE mm.fgroup NOT IN (SELECT fgroup FROM dg))"
    " + COUNT(DISTINCT mm.fgroup) FILTER (WHERE mm.fgroup IN (SELECT fgroup FROM dg)))"
)


# What the result list needs of a row, its page and its document (no token columns).
# What a row's URL needs of its page or document (``search.service``), read with the
# row (``select_related``) rather than once per row.
TARGET_FIELDS = (
    "page__id",
    "page__path",
    "page__depth",
    "page__url_path",
    "page__live",
    "document__id",
    "document__title",
    "document__file",
)
# A suggestion: its title, its kind and where it leads.
SUGGEST_FIELDS = (
    "key",
    "title",
    "group_key",
    "group_id",
    "kind",
    "language",
    "url_suffix",
    *TARGET_FIELDS,
)
MEMBER_FIELDS = (
    "key",
    "kind",
    "group_key",
    "group_id",
    "language",
    "reading_level",
    "date",
    "url_suffix",
    "title",
    "content__text",
    *TARGET_FIELDS,
    "document__collection__id",
    "document__collection__name",
    "document__collection__depth",
    "document__collection__path",
)


# On SQLite, more restricted branches than this are matched with a correlated subquery
# instead of one range SELECT each (the same bound as access.privacy). PostgreSQL takes
# any number as one array parameter (``_subtrees``); the correlated form took 60 ms
# there at 10,000 practices, the array 0.6 ms.
MAX_BRANCHES = 200


# A SELECT of one column that yields no rows.
NOTHING = ("SELECT NULL WHERE 1 = 0", [])


def _compiled(queryset):
    """[(sql, params)] of a one-column queryset, without ORDER BY (a member of a
    compound SELECT may not have one); [] when it can match nothing."""
    try:
        return [queryset.order_by().query.sql_with_params()]
    except EmptyResultSet:  # e.g. no failed restrictions (a superuser)
        return []


def _union(parts):
    """One compound SELECT (UNION ALL) from [(sql, params)]; None if no parts."""
    if not parts:
        return None
    sql = " UNION ALL ".join(part for part, _params in parts)
    return sql, [param for _part, params in parts for param in params]


def _subtrees(model, paths, vendor):
    """[(sql, params)]: SELECTs of the ids of the rows of the tree ``model`` at or
    below any of ``paths``, in a form the path index serves; None when there are too
    many for that (SQLite, ``MAX_BRANCHES``). Written out, not querysets: compiling a
    queryset per branch costs more than running it.

    SQLite: one byte-ordered range per branch (LIKE cannot use its index there; "~"
    sorts after the path alphabet 0-9A-Z). PostgreSQL: one SELECT for all branches,
    the paths an array parameter, each an index range scan with the pattern operators
    (byte order whatever the collation). One SELECT per branch there cost more to plan
    than to run: 3.6 ms for 50 groups, in every statement of a search."""
    table = connection.ops.quote_name(model._meta.db_table)
    # Formatted in: the table name only.
    if vendor == "postgresql":
        return [
            (
                f"SELECT t.id FROM {table} t JOIN unnest(%s::text[]) AS b(path) "  # noqa: S608
                "ON t.path::text ~>=~ b.path AND t.path::text ~<~ (b.path || '~')",
                [list(paths)],
            )
        ]
    if len(paths) > MAX_BRANCHES:
        return None
    return [
        (f"SELECT id FROM {table} WHERE path >= %s AND path < %s", [path, path + "~"])  # noqa: S608
        for path in paths
    ]


def _hidden_parts(model, failed, prefix, vendor):
    """[(sql, params)]: SELECTs of the ids of the rows of the tree ``model`` at or
    below a restriction in ``failed``, each one the database can answer from an
    index: the restricted rows themselves, then the path ranges of the restricted
    branches (``_subtrees``). (One SELECT with all these conditions OR-ed scans the
    whole tree.)"""
    parts = _compiled(failed.values(f"{prefix}_id"))
    if not parts:
        return []
    branches = branch_paths(failed, prefix)
    subtrees = _subtrees(model, branches, vendor) if branches else []
    if subtrees is not None:
        return parts + subtrees
    branch_failed = failed.filter(**{f"{prefix}__numchild__gt": 0})
    ancestor_path = Substr(OuterRef("path"), 1, F(f"{prefix}__depth") * 4)
    below = branch_failed.filter(**{f"{prefix}__path": ancestor_path})
    parts += _compiled(model.objects.filter(Exists(below)).values("pk"))
    return parts


def hidden_pages_sql(user):
    """(sql, params): the ids of the pages this user may not open — not live, or at or
    below a failed view restriction, or an alias of such a page."""
    failed = failed_page_restrictions(user)
    restricted = _hidden_parts(Page, failed, "page", connection.vendor)
    parts = [*restricted]
    if restricted:
        restricted_sql, restricted_params = _union(restricted)
        # An alias shows its source's content: hidden wherever its source is. (IS NOT
        # NULL changes no row; it lets PostgreSQL read the few aliases from the index
        # instead of every page.)
        table = Page._meta.db_table
        parts.append(
            (
                f"SELECT {table}.id FROM {table} "  # noqa: S608
                f"WHERE {table}.alias_of_id IS NOT NULL "
                f"AND {table}.alias_of_id IN ({restricted_sql})",
                restricted_params,
            )
        )
    parts += _compiled(Page.objects.filter(live=False).values("pk"))
    return _union(parts) or NOTHING


def hidden_pages(user):
    """Pages this user may not open: not live, or at or below a failed view restriction.
    The complement of ``access.privacy.viewable_pages(user).live()`` (tested)."""
    sql, params = hidden_pages_sql(user)
    return Page.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611 -- Django's own SQL


def hidden_documents_sql(user):
    """(sql, params): the ids of the documents this user may not open — trashed, or
    in a collection at or below a failed collection restriction."""

    Document = get_document_model()
    failed = failed_collection_restrictions(user)
    parts = _compiled(Document.objects.filter(trashed_at__isnull=False).values("pk"))
    collections = _union(_hidden_parts(Collection, failed, "collection", connection.vendor))
    if collections:
        table = Document._meta.db_table
        parts.append(
            (
                f"SELECT {table}.id FROM {table} "  # noqa: S608
                f"WHERE {table}.collection_id IN ({collections[0]})",
                collections[1],
            )
        )
    return _union(parts) or NOTHING


def hidden_documents(user):
    """Documents this user may not open: trashed, or in a collection at or below a
    failed collection restriction. The complement of ``viewable_documents`` (tested)."""

    sql, params = hidden_documents_sql(user)
    return get_document_model().objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611


def first_term(query):
    """The first word asked for (a Term), or None."""
    from ..query import Term

    first = query.must[0] if query.must else None
    return first if isinstance(first, Term) else None


def visible_entries(user):
    """Index rows of live pages and untrashed documents this user may open.

    The same rules as ``access.privacy.viewable_pages`` / ``viewable_documents``,
    evaluated on every search from the live tree, restrictions and the user's groups.
    They are written as "not one of the hidden pages / documents": one small
    uncorrelated subquery each, which the database evaluates once per statement, so
    the cost does not grow with the number of matching rows times restrictions.
    """
    # Compiled once per audience and content version and passed on as SQL text: every
    # statement of a search includes this filter, and compiling its conditions (and
    # reading the restricted branches) each time costs more than running them. Which
    # restrictions a user fails depends on their audience only (access.privacy); any
    # change of restrictions, groups, memberships or the tree changes the version.
    (pages_sql, pages_params), (documents_sql, documents_params) = kept_for_audience(
        "search:hidden-rows-sql",
        audience(user),
        lambda: (hidden_pages_sql(user), hidden_documents_sql(user)),
        key=(connection.vendor,),
    )
    return SearchEntry.objects.exclude(
        page_id__in=RawSQL(pages_sql, pages_params)  # noqa: S611 -- Django's own SQL
    ).exclude(
        document_id__in=RawSQL(documents_sql, documents_params)  # noqa: S611
    )


def _facet_condition(facet, values):
    if facet.column:
        return Q(**{f"{facet.column}__in": values})
    return Q(
        pk__in=SearchEntryFacet.objects.filter(facet=facet.multi_key, value__in=values).values(
            "entry_id"
        )
    )


def _passes(facet, values):
    """A boolean column: the row has one of ``values`` for ``facet``."""
    return ExpressionWrapper(_facet_condition(facet, values), output_field=BooleanField())


def apply_filters(qs, filters):
    for name, values in filters.items():
        facet = BY_NAME.get(name)
        if facet is not None and values:
            qs = qs.filter(_facet_condition(facet, values))
    return qs


# Rows a result group can have in one search (its languages and reading levels), for
# sizing the first rows that are ranked before grouping (see top_groups).
ROWS_PER_GROUP = 4
ROWS_SLACK = 50


def _rows_needed(offset, limit):
    return (offset + limit) * ROWS_PER_GROUP + ROWS_SLACK


def _page_ctes(rows_sql):
    """The CTEs ``top`` (the best rows of ``rows_sql``, a SELECT of (g, sc)) and ``pg``
    (one page of their groups, best first); parameters: the number of rows, then
    LIMIT and OFFSET (``_page_params``). See ``top_groups``."""
    # Formatted in: SQL compiled by Django or the engines (values stay parameters).
    return [
        f"top AS MATERIALIZED ({rows_sql} ORDER BY sc DESC, g LIMIT %s)",
        "pg AS (SELECT g, MAX(sc) AS best FROM top GROUP BY g "
        "ORDER BY best DESC, g LIMIT %s OFFSET %s)",
    ]


def _page_params(offset, limit):
    return [_rows_needed(offset, limit), limit, offset]


def _exact(found, offset, limit, total=None):
    """Whether the groups ``pg`` found from the first rows (each row: group, best
    score, rows considered) are the page: a full page; or every matching row was
    considered (none at all, if the first page is empty); or, ``total`` groups in
    all, every group is among those found or before them (a last page, or one past
    the end)."""
    considered = found[0][2] if found else None
    return (
        len(found) == limit
        or (considered is not None and considered < _rows_needed(offset, limit))
        or (not found and offset == 0)
        or (total is not None and offset + len(found) >= total)
    )


def _with(ctes):
    return "WITH " + ", ".join(ctes) if ctes else ""


def top_groups(ctes, scored_sql, params, offset, limit):
    """[(group, best score)] for one page of results, best first, from ``scored_sql``:
    a SELECT of (g, sc) per matching row, which reads the CTEs ``ctes`` ("name AS
    (...)" parts; ``params`` are theirs, then its own).

    A group ranks by its best row, so the groups in order are the rows in order
    (score, then group) with repeats left out: the best ``offset + limit`` groups are
    among the first rows, and only those are sorted and grouped — not every match,
    which was most of the ranking's cost for a common word (11,800 groups for ten).
    When the first rows hold too few groups (groups with very many rows), every row
    is grouped. Exact either way (tested against grouping every row).
    """
    sql = (
        f"{_with([*ctes, *_page_ctes(scored_sql)])} "  # noqa: S608
        "SELECT g, best, (SELECT COUNT(*) FROM top) FROM pg ORDER BY best DESC, g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *_page_params(offset, limit)])
        found = cursor.fetchall()
        if _exact(found, offset, limit):
            return [(group, best) for group, best, _rows in found]
        cursor.execute(
            f"{_with(ctes)} SELECT g, MAX(sc) AS best FROM ({scored_sql}) s "  # noqa: S608
            "GROUP BY g ORDER BY best DESC, g LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return cursor.fetchall()


class SqlEngine(BaseEngine):
    name = "database"
    group_field = "group_id"

    # --- vendor hooks ---------------------------------------------------------
    def match(self, qs, query, match_any=False):
        """``qs`` narrowed to rows matching ``query``."""
        raise NotImplementedError

    def match_among(self, qs, query, match_any=False):
        """``qs``, a handful of rows picked by primary key, narrowed to the rows
        matching ``query``."""
        return self.match(qs, query, match_any)

    def scored(self, qs, query, match_any, values, only=None):
        """(ctes, sql, params): a SELECT of ``values`` (name: expression) and the score
        ``sc`` of every row of ``qs`` that matches ``query``. ``ctes``: the "name AS
        (...)" parts it reads, or []; ``params``: theirs, then the SELECT's.
        ``only`` (a Q): the rows that need a score; the others may get NULL."""
        raise NotImplementedError

    def ranked_groups(self, qs, query, match_any, offset, limit):
        """[(group_id, score)] for the matching rows of ``qs``, best first."""
        ctes, scored_sql, params = self.scored(qs, query, match_any, {"g": F("group_id")})
        return top_groups(ctes, scored_sql, params, offset, limit)

    def prefix_match(self, qs, words):
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------
    def visible(self, spec):
        """The user's privacy filter, built once per search (it reads the user's
        groups and the restricted branches)."""
        if "visible" not in spec.cache:
            spec.cache["visible"] = visible_entries(spec.user)
        return spec.cache["visible"]

    def filtered(self, spec):
        return apply_filters(self.visible(spec), spec.filters)

    def matched(self, spec):
        return self.match(self.filtered(spec), spec.query, spec.match_any)

    def hits(self, spec, offset, limit):
        if spec.query.is_empty:
            return []
        rows = self.ranked_groups(self.filtered(spec), spec.query, spec.match_any, offset, limit)
        return [Hit(group, float(score)) for group, score in rows]

    def count(self, spec):
        if spec.query.is_empty:
            return 0
        return self.matched(spec).aggregate(n=Count("group_id", distinct=True))["n"]

    def summary(self, spec, facets):
        return self._summary(spec, facets, None)[0]

    def summary_and_hits(self, spec, facets, offset, limit):
        return self._summary(spec, facets, (offset, limit))

    def _summary(self, spec, facets, page):
        """((total, facet counts, all-languages total), hits), in one statement.

        The match (privacy applied, no facet filters) is materialised once with a
        flag per chosen facet filter. The total and the counts of facets nobody
        filters on take the rows that pass every filter; a facet with a chosen value
        is counted over the rows that pass every *other* filter (so all its values
        stay visible with their counts); the language facet's set also gives the
        total in all languages.

        ``page``: (offset, limit) of the result groups to rank from the same rows
        (each with its score), as ``ranked_groups`` does from its own reading of the
        matches; hits is None when that page needs every row grouped (``top_groups``)
        or no page was asked for.
        """
        if spec.query.is_empty:
            return (0, {}, None), []
        active = [
            BY_NAME[name] for name, values in spec.filters.items() if values and name in BY_NAME
        ]
        flags = {f"f_{facet.name}": _passes(facet, spec.filters[facet.name]) for facet in active}
        columns = {f"c_{f.column}": F(f.column) for f in facets if f.column}
        values = {"fid": F("pk"), "fgroup": F("group_id"), **columns, **flags}
        if page is None:
            ctes = []
            inner_sql, inner_params = (
                self.match(self.visible(spec), spec.query, spec.match_any)
                .order_by()
                .values(**values)
                .query.sql_with_params()
            )
        else:
            # Only the rows that pass every filter are ranked: a common word narrowed
            # to one kind of page scored all its matches otherwise (76 -> 103 ms).
            only = Q(*(_facet_condition(f, spec.filters[f.name]) for f in active))
            ctes, inner_sql, inner_params = self.scored(
                self.visible(spec), spec.query, spec.match_any, values, only
            )

        def where(skip=None):
            kept = [f"mm.f_{facet.name}" for facet in active if facet.name != skip]
            return " AND ".join(kept) if kept else "1 = 1"

        # Each row: (facet or "" for the total / "*" for all languages / "#" for a
        # result group, value, groups, the group's best score). The first row's NULL is
        # typed: PostgreSQL resolves the score column's type from it.
        parts = [
            f"SELECT '', '', {GROUPS}, CAST(NULL AS DOUBLE PRECISION) "  # noqa: S608
            f"FROM mm WHERE {where()}"
        ]
        params = []
        if LANGUAGE in spec.filters:
            parts.append(
                f"SELECT '*', '', {GROUPS}, NULL FROM mm WHERE {where(LANGUAGE)}"  # noqa: S608
            )
        for facet in facets:
            condition = where(facet.name)
            if facet.column:
                parts.append(
                    f"SELECT %s, CAST(mm.c_{facet.column} AS TEXT), {GROUPS}, NULL "  # noqa: S608
                    f"FROM mm WHERE {condition} GROUP BY mm.c_{facet.column}"
                )
                params.append(facet.name)
            else:
                # CROSS JOIN: SQLite keeps this join order, so the facet values are
                # looked up per matching row (the (entry, facet, value) index) instead
                # of every row of the facet being read and probed against the match.
                parts.append(
                    f"SELECT %s, fv.value, {GROUPS}, NULL FROM mm "  # noqa: S608
                    f"CROSS JOIN {SearchEntryFacet._meta.db_table} fv "
                    f"WHERE fv.entry_id = mm.fid AND fv.facet = %s AND {condition} "
                    "GROUP BY fv.value"
                )
                params += [facet.name, facet.multi_key]
        # Formatted in: constant names and the SQL Django or the engine compiled for
        # the match (its values stay parameters).
        several = "SELECT fgroup FROM mm GROUP BY fgroup HAVING COUNT(*) > 1"
        ctes += [f"mm AS MATERIALIZED ({inner_sql})", f"dg AS MATERIALIZED ({several})"]
        if page is not None:
            ctes += _page_ctes(f"SELECT fgroup AS g, sc FROM mm WHERE {where()}")  # noqa: S608
            inner_params = [*inner_params, *_page_params(*page)]
            parts.append("SELECT '#', CAST(g AS TEXT), (SELECT COUNT(*) FROM top), best FROM pg")
        counts = {facet.name: {} for facet in facets}
        numeric = {facet.name for facet in facets if facet.numeric}
        total, all_languages, found = 0, None, []
        with connection.cursor() as cursor:
            cursor.execute(_with(ctes) + " " + " UNION ALL ".join(parts), [*inner_params, *params])
            for name, value, n, best in cursor.fetchall():
                if name == "":
                    total = n
                elif name == "*":
                    all_languages = n
                elif name == "#":
                    found.append((int(value), best, n))
                elif value not in ("", None):
                    counts[name][int(value) if name in numeric else value] = n
        if not total:
            counts = {}
        if page is None or not _exact(found, *page, total=total):
            return (total, counts, all_languages), None
        found.sort(key=lambda row: (-row[1], row[0]))
        return (total, counts, all_languages), [
            Hit(group, float(best)) for group, best, _n in found
        ]

    def facet_counts(self, spec, facets):
        return self.summary(spec, facets)[1]

    def members(self, spec, groups):
        if not groups:
            return []
        rows = list(
            self.visible(spec)
            .filter(group_id__in=groups)
            .select_related("content", "page", "document", "document__collection")
            .only(*MEMBER_FIELDS)
        )
        # Which of them match the query and the filters (and may represent the group).
        candidates = set(
            self.match_among(
                apply_filters(
                    SearchEntry.objects.filter(pk__in=[r.pk for r in rows]), spec.filters
                ),
                spec.query,
                spec.match_any,
            ).values_list("pk", flat=True)
        )
        for row in rows:
            row.candidate = row.pk in candidates
        return rows

    def suggest(self, user, languages, words, limit):
        if not words:
            return []
        qs = visible_entries(user)
        if languages:
            qs = qs.filter(language__in=languages)
        qs = self.prefix_match(qs, words)
        rows = (
            qs.order_by("-boost", Length("title"), "title")
            .select_related("page", "document")
            .only(*SUGGEST_FIELDS)[: limit * 3]
        )
        seen, found = set(), []
        for row in rows:
            if row.group_id not in seen:
                seen.add(row.group_id)
                found.append(row)
        return found[:limit]
