"""Elasticsearch: the request the engine builds (no server needed) and, when
ELASTICSEARCH_URL is set, the search suite's key behaviours against a real server."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from access import roles
from search import indexing
from search.engines import elasticsearch as es
from search.engines import get_engine
from search.engines.base import Spec
from search.query import parse
from search.synonyms import SynonymSet
from tests.portal.factories import UserFactory
from tests.search.conftest import titles
from tests.search.factories import (
    ContentPageFactory,
    PortalDocumentFactory,
    private_collection,
    restrict_page,
)


class FakeClient:
    """Records requests; answers with ``self.answer``."""

    def __init__(self, answer=None):
        self.requests = []
        self.answer = answer or {"hits": {"hits": []}, "aggregations": {}}

    def search(self, index, **body):
        self.requests.append(body)
        return self.answer


@pytest.fixture
def restricted(home_page, role_groups):
    group = Group.objects.create(name="Werkgroep X")
    secret = ContentPageFactory(parent=home_page, title="Geheim", intro="tolk")
    restrict_page(secret, group)
    collection = private_collection("Werkgroep X", group)
    document = PortalDocumentFactory(title="Geheim verslag tolk", collection=collection)
    return {"page": secret, "collection": collection, "document": document, "group": group}


def _must_not_prefixes(body):
    clauses = body["query"]["function_score"]["query"]["bool"]["must_not"]
    return {
        (next(iter(c["prefix"])), next(iter(c["prefix"].values())))
        for c in clauses
        if "prefix" in c
    }


def test_anonymous_searches_exclude_every_restricted_branch(restricted):
    client = FakeClient()
    engine = es.ElasticsearchEngine("http://es.invalid", client=client)
    engine.hits(Spec(AnonymousUser(), parse("tolk")), 0, 10)
    prefixes = _must_not_prefixes(client.requests[0])
    assert ("page_path", restricted["page"].path) in prefixes
    assert ("collection_path", restricted["collection"].path) in prefixes


def test_members_and_superusers_are_not_held_back(restricted):
    member = UserFactory(groups=["Werkgroep X"])
    superuser = UserFactory(is_superuser=True, groups=[roles.COORDINATOR])
    for user in (member, superuser):
        client = FakeClient()
        engine = es.ElasticsearchEngine("http://es.invalid", client=client)
        engine.hits(Spec(user, parse("tolk")), 0, 10)
        prefixes = _must_not_prefixes(client.requests[0])
        assert ("page_path", restricted["page"].path) not in prefixes
        assert ("collection_path", restricted["collection"].path) not in prefixes


def test_results_are_grouped_filtered_and_paginated_by_the_server(restricted):
    client = FakeClient()
    engine = es.ElasticsearchEngine("http://es.invalid", client=client)
    spec = Spec(AnonymousUser(), parse("tolk"), {"type": ["home.homepage"], "jaar": [2025]})
    engine.hits(spec, 20, 10)
    body = client.requests[0]
    assert body["collapse"] == {"field": "group_key"}
    assert (body["from"], body["size"]) == (20, 10)
    filters = body["query"]["function_score"]["query"]["bool"]["filter"]
    assert {"terms": {"kind": ["home.homepage"]}} in filters
    assert {"terms": {"year": [2025]}} in filters


def test_words_are_matched_as_our_stems_and_synonyms_expand(db):
    query = parse("gezinnen ocmw", ["nl"], SynonymSet([["OCMW", "sociaal huis"]]))
    body = es.build_query(Spec(AnonymousUser(), query))
    text = repr(body)
    assert "'query': 'gezin'" in text
    assert "'type': 'phrase'" in text and "'query': 'sociaal huis'" in text


def test_a_stale_copy_never_shows_a_restricted_result(restricted, search_json, settings):
    """Even if the search server returns a group the user may not open, the rows
    shown are read from the database through the privacy filter."""
    engine = es.ElasticsearchEngine("http://es.invalid")
    engine._client = FakeClient(
        {
            "hits": {
                "hits": [
                    {"fields": {"group_key": [f"doc:{restricted['document'].pk}"]}, "_score": 3.0}
                ]
            },
            "aggregations": {"groups": {"value": 1}},
        }
    )
    rows = engine.members(
        Spec(AnonymousUser(), parse("tolk")), [f"doc:{restricted['document'].pk}"]
    )
    assert rows == []


def test_documents_sent_to_the_server_carry_paths_and_facets(restricted):
    row = indexing.SearchEntry.objects.get(document=restricted["document"])
    doc = es.document_for(row, {"theme": ["abc"]})
    assert doc["collection_path"] == restricted["collection"].path
    assert doc["theme"] == ["abc"]
    assert doc["title_nl"] == "Geheim verslag tolk"
    assert set(doc) <= set(es.index_settings()["mappings"]["properties"])


def test_index_settings_have_a_dutch_analyzer():
    settings_ = es.index_settings()
    assert settings_["settings"]["analysis"]["analyzer"]["portal_nl"] == {"type": "dutch"}
    assert settings_["mappings"]["properties"]["title_nl"]["analyzer"] == "portal_nl"


ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_server = pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="ELASTICSEARCH_URL not set: no Elasticsearch server on this machine",
)


@pytest.fixture
def on_elasticsearch(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "INDEX": "portaaltest"}
    }
    engine = get_engine()
    engine.reset()
    yield engine
    engine.client.indices.delete(index=engine.index, ignore_unavailable=True)


@needs_server
@pytest.mark.elasticsearch
def test_elasticsearch_stems_dutch_and_respects_privacy(
    on_elasticsearch, restricted, home_page, search_json
):
    ContentPageFactory(parent=home_page, title="Hulp voor gezinnen", intro="Een tolk helpt.")
    indexing.rebuild()
    assert "Hulp voor gezinnen" in titles(search_json("gezin"))
    assert "Geheim" not in titles(search_json("tolk"))
    member = UserFactory(groups=["Werkgroep X"])
    assert "Geheim verslag tolk" in titles(search_json("tolk", user=member))


@needs_server
@pytest.mark.elasticsearch
def test_elasticsearch_facets_and_suggestions(on_elasticsearch, home_page, search_json, client):
    ContentPageFactory(parent=home_page, title="Energiefacturen samen bekijken", intro="Hulp.")
    PortalDocumentFactory(title="Folder energie", description="energiefactuur")
    indexing.rebuild()
    answer = search_json("energiefactuur")
    assert answer["total"] == 2
    assert answer["facets"]["type"] == {"home.homepage": 1, "portal.portaldocument": 1}
    suggestions = client.get("/nl/zoeken/suggesties/", {"q": "energief"}).json()["suggestions"]
    assert "Energiefacturen samen bekijken" in {s["title"] for s in suggestions}
