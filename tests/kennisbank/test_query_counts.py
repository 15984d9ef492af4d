"""The number of database queries of the kennisbank's views does not grow with the
number of pages: each view is measured with 5 practices and again with 40, for an
anonymous visitor and for a partner, and must use the same number both times.

The ceilings are for the kennisbank's own share: the queries beyond those of the
portal's start page, which every page pays (Wagtail's routing and restriction check,
the session, the header's menu and language switcher: 16 anonymous, 24 logged in).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)

# Counts must not depend on the test's speed: the content version is read once.
pytestmark = pytest.mark.usefixtures("version_read_once")

OWN_PAGE_CEILING = 12
OWN_LISTING_CEILING = 12


class Catalogue:
    def __init__(self, kennisbank):
        self.index = kennisbank
        self.themes = [ThemeFactory(name=f"Thema {n}") for n in range(4)]
        self.groups = [TargetGroupFactory(name=f"Groep {n}") for n in range(3)]
        self.organisations = [OrganisationFactory(name=f"Partner {n}") for n in range(3)]
        self.methods = [
            MethodPageFactory(
                parent=kennisbank, themes=self.themes[:2], used_by=self.organisations[:1]
            )
            for _ in range(3)
        ]
        self.practices = []

    def grow(self, total):
        for number in range(len(self.practices), total):
            self.practices.append(
                PracticePageFactory(
                    parent=self.index,
                    municipality=f"Gemeente {number % 7}",
                    organisation=self.organisations[number % 3],
                    themes=self.themes[number % 4 : number % 4 + 2],
                    target_groups=self.groups[number % 3 : number % 3 + 1],
                    methods=self.methods[number % 3 : number % 3 + 1],
                    used_by=self.organisations[:2],
                    tips=[f"Tip {number}a", f"Tip {number}b"],
                    obstacles=[f"Hindernis {number}"],
                    audience="partners" if number % 5 == 0 else "public",
                )
            )


def queries(client, url):
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


URLS = {
    "index with filters": lambda c: (
        c.index.url
        + "?thema=thema-1&thema=thema-2&gemeente=Gemeente%201&organisatie=partner-1&sorteer=az"
    ),
    "index": lambda c: c.index.url,
    "practice": lambda c: c.practices[1].url,
    "method": lambda c: c.methods[0].url,
    "tips": lambda c: c.index.url + "tips/?thema=thema-1",
    "directory": lambda c: c.index.url + "wie-is-wie/",
}


@pytest.mark.parametrize("who", ["anonymous", "partner"])
@pytest.mark.parametrize("view", list(URLS))
def test_query_count_does_not_grow_with_the_number_of_pages(client, partner, kennisbank, who, view):
    if who == "partner":
        client.force_login(partner)
    catalogue = Catalogue(kennisbank)
    catalogue.grow(5)
    small = queries(client, URLS[view](catalogue))
    catalogue.grow(40)
    large = queries(client, URLS[view](catalogue))
    assert small == large, f"{view}: {small} queries with 5 practices, {large} with 40"
    baseline = queries(client, "/nl/")
    ceiling = OWN_PAGE_CEILING if view in ("practice", "method") else OWN_LISTING_CEILING
    assert large - baseline <= ceiling, f"{view}: {large} queries, start page {baseline}"
    print(f"{view} ({who}): {large} queries, start page {baseline}")
