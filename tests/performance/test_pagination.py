"""Listings page through their results in the database: the SQL carries the LIMIT, and
a request builds no more model instances than one page of results needs, however
many there are."""

from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from kennisbank.listing import PER_PAGE
from kennisbank.models import MethodPage, PracticePage, PracticeTip
from kennisbank.views import TIPS_PER_PAGE
from tests.performance.conftest import LARGE, SMALL

# Pages a request loads besides its results: the page itself, its ancestors for the
# breadcrumbs and the site menu (a handful each).
OVERHEAD = 12


@contextmanager
def instances_of(model):
    """Counts the ``model`` instances built in the block (``n``) and the distinct rows
    they stand for (``pks``: a page with ``select_related`` of its specific type is
    built twice)."""
    counter = {"n": 0, "pks": set()}

    def count(sender, instance, **kwargs):
        if isinstance(instance, model):
            counter["n"] += 1
            counter["pks"].add(instance.pk)

    post_init.connect(count, weak=False)
    try:
        yield counter
    finally:
        post_init.disconnect(count)


def get(url):
    """The SQL of a GET of ``url`` that computes the listing: after a warm-up and a
    change of content (the listing itself is kept per audience until then)."""
    from core.cache import bump_content_version

    client = Client()
    client.get(url)  # warm-up: per-process caches
    bump_content_version()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_kennisbank_listing_fetches_one_page_of_results_with_limit(grow):
    index = grow(LARGE)["index"]
    assert PracticePage.objects.live().count() > 2 * PER_PAGE
    sql = get(index.url)
    results = [
        q for q in sql if "ORDER BY" in q and "first_published_at" in q.split("ORDER BY")[-1]
    ]
    assert results, "the listing's result query was not found"
    assert all(f"LIMIT {PER_PAGE}" in q for q in results), [q[-80:] for q in results]
    with instances_of(Page) as built:
        Client().get(index.url + "?sorteer=az")
    assert len(built["pks"]) <= PER_PAGE + OVERHEAD


def test_tips_overview_fetches_one_page_of_tips_with_limit(grow):
    index = grow(LARGE)["index"]
    assert PracticeTip.objects.count() > 2 * TIPS_PER_PAGE
    sql = get(index.url + "tips/")
    tips = [
        q for q in sql if 'FROM "kennisbank_practicetip"' in q and not q.startswith("SELECT COUNT")
    ]
    assert tips and all(f"LIMIT {TIPS_PER_PAGE}" in q for q in tips), tips
    with instances_of(PracticeTip) as built:
        Client().get(index.url + "tips/")
    assert built["n"] <= TIPS_PER_PAGE


def test_wie_is_wie_does_not_load_every_practice(grow):
    index = grow(LARGE)["index"]
    with instances_of(Page) as built:
        Client().get(index.url + "wie-is-wie/")
    assert len(built["pks"]) <= PER_PAGE + OVERHEAD


def test_method_page_loads_a_bounded_number_of_practices(grow):
    index = grow(SMALL)["index"]
    method = MethodPage.objects.live().filter(audience="public").order_by("pk").first()
    # Every new practice uses this method.
    grow(LARGE)
    through = PracticePage.methods.through
    through.objects.bulk_create(
        [
            through(practicepage_id=pk, methodpage_id=method.pk)
            for pk in PracticePage.objects.exclude(methods=method).values_list("pk", flat=True)
        ]
    )
    with instances_of(Page) as built:
        response = Client().get(method.url)
    assert response.status_code == 200
    assert len(built["pks"]) <= PER_PAGE + OVERHEAD, index


def test_search_fetches_one_page_of_hits_with_limit_and_offset(grow):
    from search.service import PAGE_SIZE

    grow(LARGE, search_index=True)
    for page, offset in ((1, 0), (2, PAGE_SIZE)):
        sql = get(f"/nl/zoeken/?q=gezinnen&page={page}")
        # The ranked page of result groups (SQLite: entry_group; PostgreSQL: group_id).
        ranked = [
            q
            for q in sql
            if ("entry_group" in q or "group_id" in q) and "ORDER BY" in q and "LIMIT" in q
        ]
        assert ranked, "the search's page query was not found"
        wanted = f"LIMIT {PAGE_SIZE}" + (f" OFFSET {offset}" if offset else "")
        assert any(wanted in q for q in ranked), [q[-120:] for q in ranked]
