"""Search counts for the editors' report: kept in memory during the request,
written in one batch after responses; the reports show the most frequent searches
and the ones that found nothing, to editors only."""

import datetime

import pytest
from django.utils import timezone

from access import roles
from search import querylog
from search.models import SearchTerm
from tests.portal.factories import UserFactory
from tests.search.factories import ContentPageFactory


@pytest.fixture
def content(home_page):
    ContentPageFactory(parent=home_page, title="Tolk aanvragen", intro="Een tolk.")


def test_a_search_writes_nothing_while_it_runs(content, client, settings):
    settings.PORTAL_SEARCH_LOG_FLUSH_SECONDS = 3600
    client.get("/nl/zoeken/", {"q": "tolk"})
    client.get("/nl/zoeken/", {"q": "Tolk "})
    client.get("/nl/zoeken/", {"q": "giraffe"})
    assert not SearchTerm.objects.exists()
    assert querylog.pending() == {
        (timezone.localdate(), "tolk", "nl"): (2, 0),
        (timezone.localdate(), "giraffe", "nl"): (1, 1),
    }


def test_counts_are_written_after_the_response_when_due(content, client, settings):
    settings.PORTAL_SEARCH_LOG_FLUSH_SECONDS = 0
    client.get("/nl/zoeken/", {"q": "tolk"})
    client.get("/nl/zoeken/", {"q": "giraffe"})
    rows = {t.query: (t.searches, t.without_results) for t in SearchTerm.objects.all()}
    assert rows == {"tolk": (1, 0), "giraffe": (1, 1)}
    client.get("/nl/zoeken/", {"q": "giraffe"})
    assert SearchTerm.objects.get(query="giraffe").searches == 2


def test_empty_queries_suggestions_and_pagination_are_not_counted(content, client, settings):
    settings.PORTAL_SEARCH_LOG_FLUSH_SECONDS = 3600
    client.get("/nl/zoeken/")
    client.get("/nl/zoeken/", {"q": "   "})
    client.get("/nl/zoeken/", {"q": "!!!"})
    client.get("/nl/zoeken/suggesties/", {"q": "tol"})
    assert querylog.pending() == {}


def test_a_flood_of_distinct_queries_is_bounded(monkeypatch):
    monkeypatch.setattr(querylog, "MAX_PENDING", 3)
    for n in range(10):
        querylog.record(f"zoekterm {n}", "nl", found=True)
    assert len(querylog.pending()) == 3


def test_queries_are_normalised_and_capped():
    querylog.record("  Sociaal   HUIS ", "nl", found=True)
    querylog.record("x" * 1000, "nl", found=False)
    keys = {query for _day, query, _lang in querylog.pending()}
    assert keys == {"sociaal huis", "x" * 255}


@pytest.fixture
def logged(db):
    today = timezone.localdate()
    SearchTerm.objects.create(day=today, query="tolk", language="nl", searches=12)
    SearchTerm.objects.create(
        day=today, query="energiefactuur", language="nl", searches=5, without_results=5
    )
    SearchTerm.objects.create(
        day=today - datetime.timedelta(days=1), query="tolk", language="fr", searches=3
    )
    SearchTerm.objects.create(
        day=today - datetime.timedelta(days=90), query="oud", language="nl", searches=99
    )


def test_editor_sees_the_most_frequent_searches_of_the_last_month(logged, client, role_groups):
    editor = UserFactory(groups=[roles.REDACTEUR])
    client.force_login(editor)
    response = client.get("/admin/zoekrapporten/meest-gezocht/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("tolk") < html.index("energiefactuur")
    table = html.split('id="listing-results"')[1]
    assert ">15<" in table.replace(" ", "").replace("\n", "")  # 12 + 3: languages, days
    assert "oud" not in table


def test_editor_sees_searches_without_results(logged, client, role_groups):
    client.force_login(UserFactory(groups=[roles.REDACTEUR]))
    html = client.get("/admin/zoekrapporten/zonder-resultaat/").content.decode()
    table = html.split('id="listing-results"')[1]
    assert "energiefactuur" in table
    assert "tolk" not in table


def test_reports_can_be_exported(logged, client, role_groups):
    client.force_login(UserFactory(groups=[roles.REDACTEUR]))
    response = client.get("/admin/zoekrapporten/meest-gezocht/", {"export": "csv"})
    assert response.status_code == 200
    assert "tolk" in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("groups", [[roles.PARTNER], [roles.VERTALER]])
def test_reports_are_not_for_partners_or_translators(logged, client, role_groups, groups):
    client.force_login(UserFactory(groups=groups))
    response = client.get("/admin/zoekrapporten/meest-gezocht/")
    assert response.status_code in (302, 403)


def test_the_reports_are_in_the_reports_menu_for_editors(logged, client, role_groups):
    client.force_login(UserFactory(groups=[roles.REDACTEUR]))
    html = client.get("/admin/").content.decode()
    assert "/admin/zoekrapporten/zonder-resultaat/" in html
