"""Partner-only methods and practices never reach anonymous visitors: not in the index,
its counts, the tips overview, "related", the method's practices, "Wie is wie" or the
sitemap. Partners see them everywhere."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from access import roles
from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ThemeFactory,
)
from tests.portal.factories import UserFactory

SECRET_TITLE = "Geheimdorp: gesprekken aan de keukentafel"


@pytest.fixture
def pages(kennisbank):
    theme = ThemeFactory(name="Toegang", slug="toegang")
    secret_org = OrganisationFactory(name="Stille partner", slug="stille-partner")
    method = MethodPageFactory(parent=kennisbank, title="Huisbezoek", themes=[theme])
    public = PracticePageFactory(
        parent=kennisbank,
        title="Kapellen: oudercafé",
        themes=[theme],
        methods=[method],
        tips=["Openbare tip over koffie."],
    )
    secret = PracticePageFactory(
        parent=kennisbank,
        title=SECRET_TITLE,
        municipality="Geheimdorp",
        organisation=secret_org,
        audience="partners",
        themes=[theme],
        methods=[method],
        tips=["Geheime tip over huisbezoeken."],
    )
    return {"public": public, "secret": secret, "method": method}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_anonymous_index_and_counts_hide_partner_pages(client, kennisbank, pages):
    html = html_of(client, kennisbank.url)
    assert SECRET_TITLE not in html
    assert "Geheimdorp" not in html  # not even as a municipality facet
    assert "Stille partner (" not in html
    assert "2 resultaten" in html  # the method and the public practice
    assert 'value="toegang"> <span>Toegang <span class="kb-count">(2)' in html


def test_anonymous_cannot_probe_a_partner_only_municipality(client, kennisbank, pages):
    html = html_of(client, kennisbank.url + "?gemeente=Geheimdorp")
    assert "komt niet voor" in html
    assert SECRET_TITLE not in html


def test_partner_sees_partner_pages_in_index_and_counts(client_for, partner, kennisbank, pages):
    html = html_of(client_for(partner), kennisbank.url)
    assert SECRET_TITLE in html
    assert "3 resultaten" in html
    assert 'value="toegang"> <span>Toegang <span class="kb-count">(3)' in html
    assert "Alleen partners" in html


def test_filtered_counts_hide_partner_pages(client, client_for, partner, kennisbank, pages):
    """With filters chosen every facet counts over its own subset of the visible pages
    (one evaluation of the visible pages, shared): none of them counts a hidden page."""
    url = kennisbank.url + "?thema=toegang&type=praktijk"
    html = html_of(client, url)
    assert SECRET_TITLE not in html
    assert "Geheimdorp" not in html
    assert 'value="toegang" checked> <span>Toegang <span class="kb-count">(1)' in html
    assert 'value="praktijk" checked> <span>Praktijkvoorbeeld <span class="kb-count">(1)' in html
    html = html_of(client_for(partner), kennisbank.url + "?thema=toegang&type=praktijk")
    assert SECRET_TITLE in html
    assert 'value="toegang" checked> <span>Toegang <span class="kb-count">(2)' in html
    assert 'value="Geheimdorp"> <span>Geheimdorp <span class="kb-count">(1)' in html


def test_partner_only_page_itself_asks_anonymous_to_log_in(client, pages):
    response = client.get(pages["secret"].url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_tips_overview_hides_partner_tips(client, client_for, partner, kennisbank, pages):
    url = kennisbank.url + "tips/"
    html = html_of(client, url)
    assert "Openbare tip over koffie." in html
    assert "Geheime tip" not in html
    assert SECRET_TITLE not in html
    assert "Geheime tip over huisbezoeken." in html_of(client_for(partner), url)


def test_related_and_method_practices_hide_partner_pages(
    client, client_for, partner, kennisbank, pages
):
    assert SECRET_TITLE not in html_of(client, pages["public"].url)
    assert SECRET_TITLE not in html_of(client, pages["method"].url)
    partner_client = client_for(partner)
    assert SECRET_TITLE in html_of(partner_client, pages["public"].url)  # related
    assert SECRET_TITLE in html_of(partner_client, pages["method"].url)


def test_directory_hides_partner_pages_and_contacts(client, client_for, partner, kennisbank, pages):
    url = kennisbank.url + "wie-is-wie/"
    html = html_of(client, url)
    assert "Stille partner" in html  # the organisation itself is public
    assert SECRET_TITLE not in html
    assert "mailto:" not in html  # contact details only for members
    assert "stille-partner&amp;type=praktijk" not in html  # its only practice is hidden
    html = html_of(client_for(partner), url)
    assert 'stille-partner&amp;type=praktijk">1 praktijkvoorbeeld</a>' in html
    assert "mailto:info@stille-partner.example" in html


def test_directory_counts_leave_out_what_the_visitor_may_not_open(kennisbank, pages, role_groups):
    """Counts per partner: partner-only pages for partners, working-group pages for
    the group's members only (here a partner who is also in the group)."""
    organisation = pages["secret"].organisation
    group = Group.objects.create(name="Werkgroep Stil")
    closed = PracticePageFactory(
        parent=kennisbank,
        title="Notitie",
        organisation=organisation,
        themes=[pages["public"].themes.first()],
    )
    restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    MethodPageFactory(parent=kennisbank, title="Open methode", used_by=[organisation])
    clients = {"anonymous": Client(), "partner": Client(), "member": Client()}
    clients["partner"].force_login(UserFactory(username="p3", groups=[roles.PARTNER]))
    member = UserFactory(username="lid3", groups=[group.name, roles.PARTNER])
    clients["member"].force_login(member)
    expected = {
        "anonymous": None,
        "partner": "1 praktijkvoorbeeld",
        "member": "2 praktijkvoorbeelden",
    }
    themes_expected = {"anonymous": None, "partner": "1", "member": "2"}
    for name, client in clients.items():
        html = html_of(client, kennisbank.url + "wie-is-wie/")
        assert 'stille-partner&amp;type=methode">1 methode</a>' in html
        practices = re.search(r'stille-partner&amp;type=praktijk">([^<]*)</a>', html)
        assert (practices.group(1) if practices else None) == expected[name], name
        # Its themes are counted over the same pages.
        themes = re.search(r'stille-partner&amp;thema=toegang">Toegang</a> \((\d+)\)', html)
        assert (themes.group(1) if themes else None) == themes_expected[name], name


def test_sitemap_leaves_out_partner_pages(client, kennisbank, pages):
    xml = client.get("/sitemap.xml").content.decode()
    assert pages["public"].url in xml
    assert pages["secret"].url not in xml


def test_personalised_pages_are_not_cached_for_members(
    client, client_for, partner, kennisbank, pages
):
    anonymous = client.get(kennisbank.url)
    assert "Cookie" in anonymous["Vary"]
    member = client_for(partner).get(kennisbank.url)
    assert "no-cache" in member["Cache-Control"] or "private" in member["Cache-Control"]
    assert "Cookie" in member["Vary"]


def facet_count(html, value):
    match = re.search(rf'value="{value}"> <span>[^<]*<span class="kb-count">\((\d+)\)', html)
    return int(match.group(1)) if match else None


def test_cached_facet_counts_are_never_shared_between_audiences(kennisbank, pages, role_groups):
    """The unfiltered counts are cached per audience: whoever asks first, nobody sees a
    count that includes a page they may not open."""
    group = Group.objects.create(name="Werkgroep Keukentafel")
    member = UserFactory(username="werkgroeplid", groups=[group.name])
    closed = PracticePageFactory(
        parent=kennisbank, title="Werkgroepnotitie", themes=[pages["public"].themes.first()]
    )
    restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    clients = {"anonymous": Client(), "partner": Client(), "member": Client()}
    clients["partner"].force_login(UserFactory(username="p2", groups=[roles.PARTNER]))
    clients["member"].force_login(member)
    expected = {"anonymous": 2, "partner": 3, "member": 3}  # method, public, secret/closed
    for _round in range(2):  # the second round reads the cache
        for name in ("member", "anonymous", "partner"):
            html = html_of(clients[name], kennisbank.url)
            assert facet_count(html, "toegang") == expected[name], name
            assert ("Werkgroepnotitie" in html) == (name == "member")
            assert (SECRET_TITLE in html) == (name == "partner")


def test_cached_facet_counts_follow_a_new_restriction(client, kennisbank, pages):
    assert facet_count(html_of(client, kennisbank.url), "toegang") == 2
    group = Group.objects.create(name="Werkgroep Later")
    restriction = PageViewRestriction.objects.create(
        page=pages["public"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    html = html_of(client, kennisbank.url + "?page=1")
    assert facet_count(html, "toegang") == 1
    # Admitting a group only (the restriction itself unchanged) is seen too.
    member = UserFactory(username="later", groups=[group.name])
    other = Client()
    other.force_login(member)
    assert facet_count(html_of(other, kennisbank.url), "toegang") == 2
    restriction.groups.clear()
    assert facet_count(html_of(other, kennisbank.url), "toegang") == 1


@pytest.fixture
def group_world(kennisbank, pages):
    """A working group's own practice (with a tip and an organisation of its own) next
    to the partner-only one of ``pages``, and a client per audience."""
    group = Group.objects.create(name="Werkgroep Keukentafel")
    closed = PracticePageFactory(
        parent=kennisbank,
        title="Werkgroepnotitie",
        organisation=OrganisationFactory(name="Verborgen vzw", slug="verborgen-vzw"),
        themes=[pages["public"].themes.first()],
        tips=["Tip uit de werkgroep."],
    )
    restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    clients = {"anonymous": Client(), "partner": Client(), "member": Client()}
    clients["partner"].force_login(UserFactory(username="p3", groups=[roles.PARTNER]))
    clients["member"].force_login(UserFactory(username="lid3", groups=[group.name]))
    return clients


# (address below the index, {audience: text only that audience may see})
KEPT_LISTINGS = [
    ("?thema=toegang&type=praktijk", {"partner": SECRET_TITLE, "member": "Werkgroepnotitie"}),
    ("?sorteer=az&page=1", {"partner": SECRET_TITLE, "member": "Werkgroepnotitie"}),
    (
        "tips/",
        {"partner": "Geheime tip over huisbezoeken.", "member": "Tip uit de werkgroep."},
    ),
    (
        "tips/?thema=toegang",
        {"partner": "Geheime tip over huisbezoeken.", "member": "Tip uit de werkgroep."},
    ),
    (
        "wie-is-wie/",
        {
            "partner": 'stille-partner&amp;type=praktijk"',
            "member": 'verborgen-vzw&amp;type=praktijk"',
        },
    ),
]


@pytest.mark.parametrize(("suffix", "only_for"), KEPT_LISTINGS)
def test_kept_listings_are_never_shared_between_audiences(
    kennisbank, group_world, suffix, only_for
):
    """The index (filtered or not), the tips and "Wie is wie" are kept per audience and
    query string: whoever asks first, in either order, nobody is shown what another
    audience may see."""
    url = kennisbank.url + suffix
    for order in (("member", "anonymous", "partner"), ("partner", "anonymous", "member")):
        for name in order:
            html = html_of(group_world[name], url)
            for owner, text in only_for.items():
                assert (text in html) == (name == owner), (name, owner, url)


def test_kept_listings_show_new_content_at_once(client_for, partner, kennisbank, pages):
    partner_client = client_for(partner)
    for suffix in ("?thema=toegang", "tips/"):
        assert "Nieuwe tip: bel eerst." not in html_of(partner_client, kennisbank.url + suffix)
    PracticePageFactory(
        parent=kennisbank,
        title="Nieuwe praktijk in Boom",
        themes=[pages["public"].themes.first()],
        tips=["Nieuwe tip: bel eerst."],
    )
    assert "Nieuwe praktijk in Boom" in html_of(partner_client, kennisbank.url + "?thema=toegang")
    assert "Nieuwe tip: bel eerst." in html_of(partner_client, kennisbank.url + "tips/")


def test_a_kept_page_of_results_keeps_its_pagination(client_for, partner, kennisbank, pages):
    from kennisbank.listing import PER_PAGE

    for number in range(PER_PAGE):
        PracticePageFactory(parent=kennisbank, title=f"Praktijk {number:02d}")
    partner_client = client_for(partner)
    url = kennisbank.url + "?sorteer=az&page=2"
    first, again = html_of(partner_client, url), html_of(partner_client, url)

    def main(html):  # the page's own part (the header's logout form has a fresh token)
        return html[html.index("<main") : html.index("</main>")]

    assert main(again) == main(first)
    assert "Pagina 2 van 2" in again
    assert 'rel="prev"' in again and 'rel="next"' not in again
    assert "Praktijk 11" in again and "Praktijk 00" not in again
