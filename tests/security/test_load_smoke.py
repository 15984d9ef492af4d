"""The load test's driver (bench/load.py) on a short run against Django's live server:
it logs in, searches, downloads, uploads, and finds no leak and no 5xx — and it does
notice a leak when one is planted. The real run (gunicorn, PostgreSQL) is
``make loadtest``."""

import pytest

from bench import load
from tests.home.factories import HomePageFactory
from tests.werkgroepen.factories import WorkingGroupIndexPageFactory

# The live server needs committed data; the tree root and root collection that
# Wagtail's migrations create are restored for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def plan(live_server, empty_tree, role_groups):
    home = HomePageFactory(parent=empty_tree)
    WorkingGroupIndexPageFactory(parent=home)
    return load.build_plan(load.add_private_spaces(2))


def test_a_short_load_run_has_no_leaks_and_no_server_errors(live_server, plan):
    # One client: the live server shares one SQLite connection between its threads.
    stats = load.run_load(live_server.url, plan, duration=3, clients=1)
    rows = load.summarise(stats)
    problems, _notes = load.verdict(stats, rows)
    by_action = {row["action"]: row for row in rows}
    assert by_action["all"]["requests"] > 10
    assert by_action["all"]["5xx"] == 0
    assert stats.leaks == []
    assert stats.connection_errors == []
    assert by_action["login"]["ok"] >= 1
    # A short run may not reach every action; what it reached worked.
    assert all(row["5xx"] == 0 for row in rows)
    assert [p for p in problems if "5xx" in p or "another user" in p] == []


def test_the_driver_reports_a_planted_leak(live_server, plan):
    first, second = plan["accounts"]
    stats = load.Stats()
    visitor = load.Visitor(live_server.url, stats, first, [first["marker"], second["marker"]])
    assert visitor.login()
    visitor.request("own space", "GET", first["space_url"])
    response = visitor.request("search", "GET", f"/nl/zoeken/?q={first['marker'].split('-')[-1]}")
    # The owner finds their own private content (highlighted: <mark> inside the marker).
    assert first["marker"] in load.TAG_RE.sub("", response.text)
    assert stats.leaks == []

    prefix, number, random_part = second["marker"].split("-")

    class Leaky:
        url = "/lek/"
        # As the search page would show it: the matched word highlighted.
        text = f"<p>{prefix}-{number}-<mark>{random_part}</mark></p>"
        headers = {}

    visitor._check(Leaky, "plant")
    assert len(stats.leaks) == 1
    assert second["marker"] in stats.leaks[0]


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert load.percentile(values, 0.50) == 50
    assert load.percentile(values, 0.95) == 95
    assert load.percentile(values, 0.99) == 99
    assert load.percentile([], 0.5) is None
