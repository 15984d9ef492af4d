"""Search tests index synchronously: the after-commit step runs at once (the test's
transaction never commits)."""

import pytest
from django.core.cache import cache

from search import querylog, signals


@pytest.fixture(autouse=True)
def _index_immediately(monkeypatch, db):
    # ``db`` named here, not only fetched by tests/conftest.py at run time: pytest-django
    # sets the test database up only when some collected test names it.
    monkeypatch.setattr(signals, "_defer", lambda callback: callback())


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # synonyms are cached
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_query_log():
    querylog._take()
    yield
    querylog._take()


@pytest.fixture
def search_json(client):
    """``search_json(q, user=None, **params)`` -> the JSON answer of /nl/zoeken/."""

    def _search(q, user=None, language="nl", **params):
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        response = client.get(f"/{language}/zoeken/", {"q": q, "format": "json", **params})
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return _search


def titles(answer):
    return [result["title"] for result in answer["results"]]
