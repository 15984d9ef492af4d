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

from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.db.models.functions import Length

from portal.privacy import (
    _exclude_below,
    failed_collection_restrictions,
    failed_page_restrictions,
)

from ..facets import BY_NAME
from ..models import SearchEntry, SearchEntryFacet
from .base import BaseEngine, Hit


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
    def filtered(self, spec):
        return apply_filters(visible_entries(spec.user), spec.filters)

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
        counts = {}
        if spec.query.is_empty:
            return {facet.name: {} for facet in facets}
        for facet in facets:
            matched = self.matched(spec.without(facet.name))
            if facet.column:
                rows = (
                    matched.order_by()
                    .values_list(facet.column)
                    .annotate(n=Count("group_key", distinct=True))
                )
            else:
                rows = (
                    SearchEntryFacet.objects.filter(
                        facet=facet.multi_key, entry__in=matched.values("pk")
                    )
                    .order_by()
                    .values_list("value")
                    .annotate(n=Count("entry__group_key", distinct=True))
                )
            counts[facet.name] = {value: n for value, n in rows if value not in ("", None)}
        return counts

    def members(self, spec, group_keys):
        if not group_keys:
            return []
        candidates = self.matched(spec).values("pk")
        return list(
            visible_entries(spec.user)
            .filter(group_key__in=group_keys)
            .annotate(
                candidate=Case(
                    When(pk__in=candidates, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .select_related("page", "page__locale", "document", "document__collection")
            .defer(
                "title_index",
                "lead_index",
                "body_index",
                "words_index",
                "search_vector",
                "rank_vector",
                "words_vector",
            )
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
