"""What every search engine offers the search service.

A ``Spec`` is one search as the visitor asked it: who (for privacy), the parsed
query, the facet filters, whether all words or any word must match. Engines answer
with group keys (one per result: translations and easy-read versions of one page are
one group), counts per facet value, and suggestions — always computed over what the
user may open only.
"""

from dataclasses import dataclass, field


class SearchUnavailable(Exception):
    """The search engine cannot answer now (server down, database error)."""


@dataclass
class Spec:
    user: object
    query: object  # search.query.Query
    filters: dict = field(default_factory=dict)  # facet name -> values
    match_any: bool = False  # OR instead of AND between the words
    # Per-search memo for engines (e.g. the user's privacy filter, built once).
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def without(self, facet_name):
        filters = {k: v for k, v in self.filters.items() if k != facet_name}
        return Spec(self.user, self.query, filters, self.match_any, self.cache)


@dataclass
class Hit:
    group: object  # the engine's group value (see BaseEngine.group_field)
    score: float


class BaseEngine:
    name = "base"
    # The SearchEntry field whose value a Hit.group holds.
    group_field = "group_key"

    def hits(self, spec, offset, limit):
        """[Hit] for one page of results, best first (at most ``limit``)."""
        raise NotImplementedError

    def count(self, spec):
        """Number of results (groups)."""
        raise NotImplementedError

    def facet_counts(self, spec, facets):
        """{facet name: {value: number of results}}. A facet's own filter is left out
        of its counts, so every value of a chosen facet stays visible with its count."""
        raise NotImplementedError

    def summary(self, spec, facets):
        """(total, {facet: {value: count}}, total in all languages or None) in as few
        round trips as the engine allows."""
        from ..facets import LANGUAGE

        total = self.count(spec)
        counts = self.facet_counts(spec, facets) if total else {}
        all_languages = self.count(spec.without(LANGUAGE)) if LANGUAGE in spec.filters else None
        return total, counts, all_languages

    def summary_and_hits(self, spec, facets, offset, limit):
        """(the summary, [Hit] for one page) when the engine works both out together;
        the hits may be None (then ``hits`` is asked)."""
        return self.summary(spec, facets), None

    def members(self, spec, groups):
        """The rows of these groups the user may open, each with ``candidate`` set
        when it matches the query and the filters (it can represent the result)."""
        raise NotImplementedError

    def suggest(self, user, languages, words, limit):
        """Rows whose title words start with ``words`` (the last one a prefix)."""
        raise NotImplementedError

    def after_write(self, removed_keys, rows):
        """Called after index rows were replaced in the database."""

    def reset(self):
        """Called before a full rebuild."""

    def after_rebuild(self):
        """Called after a full rebuild wrote every row."""
