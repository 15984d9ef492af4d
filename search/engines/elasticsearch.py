"""Elasticsearch 8/9 (``SEARCH_BACKEND=elasticsearch``, ``ELASTICSEARCH_URL``).

One index of our own (``<ELASTICSEARCH_INDEX>-zoeken``) holds a copy of the
``SearchEntry`` rows. Matching uses two sets of fields: our stems (whitespace-
tokenised, so the same Dutch stemming as the database engines: ``gezin`` finds
``gezinnen``) and the raw text per language with Elasticsearch's own analyzers
(``dutch``, ``french``, ``english``, ``arabic``, ``turkish``, …) that add to the
score. Results are grouped with ``collapse`` on the group key.

Privacy: Elasticsearch cannot join, so each row carries its page path or collection
path and the search excludes every path below a view restriction the user fails —
computed from the database on every search (``access.privacy``), so membership and
restriction changes count at once; moves re-index the subtree. The rows shown are
then read from the database through the same privacy filter as the database engines,
so a stale copy can never put a result on screen.
"""

import logging
from itertools import islice, product

from django.conf import settings

from access.privacy import failed_collection_restrictions, failed_page_restrictions

from ..facets import BY_NAME
from ..models import SearchEntryFacet
from ..query import AnyOf, Phrase, Query, Term
from .base import BaseEngine, Hit, SearchUnavailable, Spec
from .sql import MEMBER_FIELDS, SUGGEST_FIELDS, apply_filters, visible_entries

logger = logging.getLogger(__name__)

LANGUAGE_ANALYZERS = {
    "nl": "dutch",
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "ro": "romanian",
    "ar": "arabic",
    "tr": "turkish",
    "ru": "russian",
    "fa": "persian",
    "bg": "bulgarian",
}
STEM_FIELDS = ["title_index^10", "lead_index^4", "body_index"]
MAX_GROUPS_COUNTED = 40_000  # cardinality is exact below this


def index_settings():
    analyzers = {"portal_tokens": {"type": "custom", "tokenizer": "whitespace"}}
    for code, name in LANGUAGE_ANALYZERS.items():
        analyzers[f"portal_{code}"] = {"type": name}
    text_fields = {}
    for code, _name in settings.LANGUAGES:
        analyzer = f"portal_{code}" if code in LANGUAGE_ANALYZERS else "standard"
        text_fields[f"title_{code}"] = {"type": "text", "analyzer": analyzer}
        text_fields[f"text_{code}"] = {"type": "text", "analyzer": analyzer}
    keyword = {"type": "keyword"}
    return {
        "settings": {"analysis": {"analyzer": analyzers}},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                **dict.fromkeys(
                    (
                        "key",
                        "kind",
                        "group_key",
                        "language",
                        "reading_level",
                        "working_group",
                        "page_path",
                        "collection_path",
                        "theme",
                        "target",
                    ),
                    keyword,
                ),
                "year": {"type": "integer"},
                "date": {"type": "date"},
                "boost": {"type": "float"},
                "title_index": {"type": "text", "analyzer": "portal_tokens"},
                "lead_index": {"type": "text", "analyzer": "portal_tokens"},
                "body_index": {"type": "text", "analyzer": "portal_tokens"},
                "words": {"type": "text", "analyzer": "standard"},
                **text_fields,
            },
        },
    }


def document_for(row, facets):
    content = row.content
    doc = {
        "key": row.key,
        "kind": row.kind,
        "group_key": row.group_key,
        "language": row.language,
        "reading_level": row.reading_level,
        "working_group": row.working_group,
        "page_path": row.page_path,
        "collection_path": row.collection_path,
        "year": row.year,
        "date": row.date.isoformat() if row.date else None,
        "boost": row.boost,
        "title_index": content.title_index,
        "lead_index": content.lead_index,
        "body_index": content.body_index,
        "words": content.words_index,
        "theme": facets.get("theme", []),
        "target": facets.get("target", []),
    }
    if any(code == row.language for code, _name in settings.LANGUAGES):
        doc[f"title_{row.language}"] = row.title
        doc[f"text_{row.language}"] = content.text
    return doc


def compile_node(node):
    if isinstance(node, Term):
        return _any_of(
            {"multi_match": {"query": stem, "fields": STEM_FIELDS}} for stem in node.stems
        )
    if isinstance(node, Phrase):
        variants = islice(product(*(t.stems for t in node.terms)), 8)
        return _any_of(
            {"multi_match": {"query": " ".join(v), "fields": STEM_FIELDS, "type": "phrase"}}
            for v in variants
        )
    if isinstance(node, AnyOf):
        return _any_of(compile_node(option) for option in node.options)
    raise TypeError(node)


def _any_of(clauses):
    clauses = list(clauses)
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def privacy_filter(user):
    """must_not clauses: everything at or below a restriction the user fails."""
    clauses = []
    pages = failed_page_restrictions(user).values_list("page__path", flat=True)
    for path in sorted(set(pages)):
        clauses.append({"prefix": {"page_path": path}})
    collections = failed_collection_restrictions(user).values_list("collection__path", flat=True)
    for path in sorted(set(collections)):
        clauses.append({"prefix": {"collection_path": path}})
    return clauses


def filter_clauses(filters):
    clauses = []
    for name, values in filters.items():
        facet = BY_NAME.get(name)
        if facet is None or not values:
            continue
        field = facet.column or facet.multi_key
        clauses.append({"terms": {field: list(values)}})
    return clauses


def build_query(spec, raw_languages=None):
    """The bool query for one search (match, filters, privacy)."""
    query = spec.query
    nodes = [compile_node(n) for n in query.must]
    must = [{"bool": {"should": nodes, "minimum_should_match": 1}}] if spec.match_any else nodes
    should = []
    if query.proximity is not None:
        # Words side by side score higher (an optional clause: it never filters).
        should.append({"bool": {"should": [compile_node(query.proximity)], "boost": 2.0}})
    if query.raw:
        fields = []
        for code in raw_languages or [c for c, _n in settings.LANGUAGES]:
            fields += [f"title_{code}^3", f"text_{code}"]
        should.append({"multi_match": {"query": query.raw[:500], "fields": fields}})
    return {
        "bool": {
            "must": must,
            "should": should,
            "must_not": [compile_node(n) for n in query.must_not] + privacy_filter(spec.user),
            "filter": filter_clauses(spec.filters),
        }
    }


def _scored(query):
    """Multiply the text score by the row's boost (kind of content)."""
    return {
        "function_score": {
            "query": query,
            "field_value_factor": {"field": "boost", "missing": 1.0},
            "boost_mode": "multiply",
        }
    }


class ElasticsearchEngine(BaseEngine):
    name = "elasticsearch"
    keeps_copy = True

    def __init__(self, url, client=None):
        self.url = url
        self._client = client
        backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
        base = backend.get("INDEX") or "netwerkportaal"
        self.index = f"{base}-zoeken"
        self.compat = 8 if str(backend.get("BACKEND", "")).endswith("elasticsearch8") else None

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            options = {"request_timeout": 10}
            if self.compat:
                media = f"application/vnd.elasticsearch+json; compatible-with={self.compat}"
                options["headers"] = {"accept": media, "content-type": media}
            self._client = Elasticsearch(self.url, **options)
        return self._client

    def _languages(self, spec):
        return spec.filters.get("taal")

    def _search(self, body):
        try:
            return self.client.search(index=self.index, **body)
        except Exception as exc:  # connection, timeout, missing index, …
            raise SearchUnavailable(str(exc)) from exc

    # --- searching --------------------------------------------------------------
    def hits(self, spec, offset, limit):
        if spec.query.is_empty:
            return []
        response = self._search(
            {
                "query": _scored(build_query(spec, self._languages(spec))),
                "collapse": {"field": "group_key"},
                "from": offset,
                "size": limit,
                "_source": False,
                "fields": ["group_key"],
            }
        )
        return [
            Hit(hit["fields"]["group_key"][0], float(hit["_score"] or 0))
            for hit in response["hits"]["hits"]
        ]

    def count(self, spec):
        if spec.query.is_empty:
            return 0
        response = self._search(
            {
                "query": build_query(spec, self._languages(spec)),
                "size": 0,
                "aggs": {
                    "groups": {
                        "cardinality": {
                            "field": "group_key",
                            "precision_threshold": MAX_GROUPS_COUNTED,
                        }
                    }
                },
            }
        )
        return int(response["aggregations"]["groups"]["value"])

    def facet_counts(self, spec, facets):
        if spec.query.is_empty:
            return {facet.name: {} for facet in facets}
        counts = {}
        open_facets = [f for f in facets if f.name not in spec.filters]
        batches = [(spec, open_facets)] if open_facets else []
        batches += [(spec.without(f.name), [f]) for f in facets if f.name in spec.filters]
        for batch_spec, batch in batches:
            aggs = {
                facet.name: {
                    "terms": {"field": facet.column or facet.multi_key, "size": 100},
                    "aggs": {"groups": {"cardinality": {"field": "group_key"}}},
                }
                for facet in batch
            }
            response = self._search(
                {
                    "query": build_query(batch_spec, self._languages(batch_spec)),
                    "size": 0,
                    "aggs": aggs,
                }
            )
            for facet in batch:
                buckets = response["aggregations"][facet.name]["buckets"]
                counts[facet.name] = {
                    (int(b["key"]) if facet.numeric else b["key"]): int(b["groups"]["value"])
                    for b in buckets
                    if b["key"] not in ("", None)
                }
        return counts

    def members(self, spec, groups):
        """Read from the database through the privacy filter (never from the copy)."""
        group_keys = groups
        if not group_keys:
            return []
        rows = list(
            visible_entries(spec.user)
            .filter(group_key__in=group_keys)
            .select_related("content", "page", "document", "document__collection")
            .only(*MEMBER_FIELDS)
        )
        candidates = set(
            apply_filters(visible_entries(spec.user), spec.filters)
            .filter(group_key__in=group_keys)
            .values_list("pk", flat=True)
        )
        for row in rows:
            row.candidate = row.pk in candidates
        return rows

    def suggest(self, user, languages, words, limit):
        if not words:
            return []
        spec = Spec(user, Query(), {"taal": languages} if languages else {})
        body = build_query(spec)
        body["bool"]["must"] = [{"match_bool_prefix": {"words": " ".join(words)}}]
        body["bool"]["should"] = []
        response = self._search(
            {
                "query": body,
                "collapse": {"field": "group_key"},
                "size": limit,
                "_source": False,
                "fields": ["key"],
            }
        )
        keys = [hit["fields"]["key"][0] for hit in response["hits"]["hits"]]
        rows = {
            row.key: row
            for row in visible_entries(user)
            .filter(key__in=keys)
            .select_related("page", "document")
            .only(*SUGGEST_FIELDS)
        }
        return [rows[key] for key in keys if key in rows]

    # --- keeping the copy -------------------------------------------------------
    def ensure_index(self):
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, **index_settings())

    def reset(self):
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
        self.ensure_index()

    def after_write(self, removed_keys, rows):
        try:
            self.ensure_index()
            operations = []
            for key in removed_keys:
                operations.append({"delete": {"_index": self.index, "_id": key}})
            facets = {}
            for entry_id, facet, value in SearchEntryFacet.objects.filter(
                entry_id__in=[r.pk for r in rows]
            ).values_list("entry_id", "facet", "value"):
                facets.setdefault(entry_id, {}).setdefault(facet, []).append(value)
            for row in rows:
                operations.append({"index": {"_index": self.index, "_id": row.key}})
                operations.append(document_for(row, facets.get(row.pk, {})))
            if operations:
                self.client.bulk(operations=operations, refresh="wait_for")
        except Exception:
            # The database is the truth; a rebuild (rebuild_search) repairs the copy.
            logger.exception("Elasticsearch could not be updated (%d rows)", len(rows))
