"""The database engines: SQLite FTS5 and PostgreSQL full-text search.

Everything a search needs happens in SQL over ``SearchEntry``: the privacy filter
(joining the live page / document and excluding whatever lies below a view
restriction the user fails — ``portal.privacy``, evaluated on every search, so a
membership or restriction change counts at once), the facet filters, the match, the
ranking, the grouping, the counting and the page slice (LIMIT/OFFSET). Nothing
proportional to the number of matches is loaded into Python.

Subclasses supply the vendor-specific match condition, ranking query and prefix
condition.
"""

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.functions import Length

from portal.privacy import (
    _exclude_below,
    failed_collection_restrictions,
    failed_page_restrictions,
)

from ..facets import BY_NAME
from ..models import SearchEntry, SearchEntryFacet
from .base import BaseEngine, Hit

# Relevance, the same on every engine: a result with all the words in its title
# ranks above one with them in the lead, above one with them only in the body; the
# words side by side add to that; the engine's own text score (squeezed into 0..1)
# orders results within a tier; the kind of content multiplies it (adapters' boost).
TITLE_WEIGHT, LEAD_WEIGHT, PHRASE_WEIGHT = 3.0, 1.5, 2.0
# When no result has all the words and any word may match instead, the share of the
# words a result has decides first (the tiers above would reward one word in a title).
COORDINATION_WEIGHT = 4.0
MAX_COORDINATION_TERMS = 8


# What the result list needs of a row, its page and its document (no token columns).
MEMBER_FIELDS = (
    "key",
    "kind",
    "group_key",
    "language",
    "reading_level",
    "date",
    "url_suffix",
    "title",
    "text",
    "page__id",
    "page__path",
    "page__depth",
    "page__url_path",
    "page__live",
    "document__id",
    "document__title",
    "document__file",
    "document__collection__id",
    "document__collection__name",
    "document__collection__depth",
    "document__collection__path",
)


def visible_entries(user):
    """Index rows of live pages and untrashed documents this user may open.

    Uses the same restriction logic as ``portal.privacy.viewable_pages`` and
    ``viewable_documents``, applied through the row's page / document join so no
    copy of the tree has to be kept in step.
    """
    qs = SearchEntry.objects.filter(
        Q(page__isnull=True) | Q(page__live=True),
        Q(document__isnull=True) | Q(document__trashed_at__isnull=True),
    )
    qs = _exclude_below(qs, failed_page_restrictions(user), "page__path", "page")
    return _exclude_below(
        qs, failed_collection_restrictions(user), "document__collection__path", "collection"
    )


def apply_filters(qs, filters):
    for name, values in filters.items():
        facet = BY_NAME.get(name)
        if facet is None or not values:
            continue
        if facet.column:
            qs = qs.filter(**{f"{facet.column}__in": values})
        else:
            qs = qs.filter(
                pk__in=SearchEntryFacet.objects.filter(
                    facet=facet.multi_key, value__in=values
                ).values("entry_id")
            )
    return qs


class SqlEngine(BaseEngine):
    name = "database"

    # --- vendor hooks ---------------------------------------------------------
    def match(self, qs, query, match_any=False):
        """``qs`` narrowed to rows matching ``query``."""
        raise NotImplementedError

    def ranked_groups(self, qs, query, match_any, offset, limit):
        """[(group_key, score)] for the matching rows of ``qs``, best first."""
        raise NotImplementedError

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
        return [Hit(group_key, float(score)) for group_key, score in rows]

    def count(self, spec):
        if spec.query.is_empty:
            return 0
        return self.matched(spec).aggregate(n=Count("group_key", distinct=True))["n"]

    def facet_counts(self, spec, facets):
        if spec.query.is_empty:
            return {facet.name: {} for facet in facets}
        # Facets nobody filters on are counted together over one materialised match;
        # a facet with a chosen value is counted without its own filter.
        counts = {}
        open_facets = [f for f in facets if f.name not in spec.filters]
        if open_facets:
            counts.update(self._count_facets(self.matched(spec), open_facets))
        for facet in facets:
            if facet.name in spec.filters:
                counts.update(self._count_facets(self.matched(spec.without(facet.name)), [facet]))
        return counts

    def _count_facets(self, matched, facets):
        columns = {f"c_{f.column}": F(f.column) for f in facets if f.column}
        inner_sql, inner_params = (
            matched.order_by()
            .values(fid=F("pk"), fgroup=F("group_key"), **columns)
            .query.sql_with_params()
        )
        parts, params = [], []
        for facet in facets:
            if facet.column:
                parts.append(
                    f"SELECT %s, CAST(mm.c_{facet.column} AS TEXT), COUNT(DISTINCT mm.fgroup) "  # noqa: S608
                    f"FROM mm GROUP BY mm.c_{facet.column}"
                )
                params.append(facet.name)
            else:
                parts.append(
                    "SELECT %s, fv.value, COUNT(DISTINCT mm.fgroup) FROM mm "  # noqa: S608
                    f"JOIN {SearchEntryFacet._meta.db_table} fv ON fv.entry_id = mm.fid "
                    "WHERE fv.facet = %s GROUP BY fv.value"
                )
                params += [facet.name, facet.multi_key]
        # Formatted in: constant column and table names and the SQL Django compiled for
        # the matched queryset (its values stay parameters).
        sql = f"WITH mm AS MATERIALIZED ({inner_sql}) " + " UNION ALL ".join(parts)
        counts = {facet.name: {} for facet in facets}
        numeric = {facet.name for facet in facets if facet.numeric}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*inner_params, *params])
            for name, value, n in cursor.fetchall():
                if value in ("", None):
                    continue
                counts[name][int(value) if name in numeric else value] = n
        return counts

    def members(self, spec, group_keys):
        if not group_keys:
            return []
        candidates = self.matched(spec).values("pk")
        return list(
            self.visible(spec)
            .filter(group_key__in=group_keys)
            .annotate(
                candidate=Case(
                    When(pk__in=candidates, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .select_related("page", "document", "document__collection")
            .only(*MEMBER_FIELDS)
        )

    def suggest(self, user, languages, words, limit):
        if not words:
            return []
        qs = visible_entries(user)
        if languages:
            qs = qs.filter(language__in=languages)
        qs = self.prefix_match(qs, words)
        rows = qs.order_by("-boost", Length("title"), "title").only(
            "pk", "title", "group_key", "kind", "page_id", "document_id", "url_suffix", "language"
        )[: limit * 3]
        seen, found = set(), []
        for row in rows:
            if row.group_key not in seen:
                seen.add(row.group_key)
                found.append(row)
        return found[:limit]
