"""Privacy first: nothing a user may not open ever shows up in search — not as a
result, a title, a snippet, a version link, a facet count or a suggestion.

The world: a public page, a partner-only page, a working group's space (restricted
to its group) with a page below it, documents in a public and in the group's private
collection, and a trashed document. Every restricted item carries the secret word
"geheimwoord" and facet values nobody else has (year 2019, French, easy-read, a
theme, the working group).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query as PromotedQuery
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Collection, PageViewRestriction

from access import roles
from search.models import SearchEntry
from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory, ThemeFactory
from tests.portal.factories import UserFactory
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory, easy, restrict_page, translate, trash
from tests.werkgroepen.factories import (
    MeetingPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)

SECRET = "geheimwoord"
SECRET_YEAR = 2019


@pytest.fixture(
    autouse=True,
    params=["few matches", "many matches"] if connection.vendor == "postgresql" else ["one form"],
)
def _match_form(request, monkeypatch):
    """On PostgreSQL a search (and a suggestion) looks its matches up by primary key
    when the planner expects few of them and joins them otherwise
    (search.engines.postgres): every test here runs in both forms there."""
    from search.engines import postgres

    for name in ("FEW_MATCHES", "FEW_PREFIX_MATCHES"):
        if request.param == "many matches":
            monkeypatch.setattr(postgres, name, -1)
        elif request.param == "few matches":
            monkeypatch.setattr(postgres, name, 10**9)


@pytest.fixture
def world(home_page, role_groups):
    partner_group = Group.objects.get(name=roles.PARTNER)
    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    theme = ThemeFactory(name="Geheim thema")
    public = MethodPageFactory(
        parent=kennisbank,
        title="Tolken bij het onthaal",
        lead="Een tolk helpt bij het eerste gesprek.",
    )
    partners = MethodPageFactory(
        parent=kennisbank,
        title="Tolken voor partners",
        lead=f"Interne afspraken over de tolk, {SECRET}.",
        easy_read=easy(f"Een tolk helpt. {SECRET}."),
        audience="partners",
        themes=[theme],
    )
    index = WorkingGroupIndexPageFactory(parent=home_page)
    space = WorkingGroupPageFactory(parent=index, title="Werkgroep Wonen", slug="wonen")
    meeting = MeetingPageFactory(
        parent=space,
        title="Vergadering over de tolk",
        start=timezone.make_aware(datetime.datetime(SECRET_YEAR, 3, 1, 19)),
        agenda=f"<p>Verslag: de tolk kwam niet, {SECRET}.</p>",
    )
    french = translate(partners, "fr", title="Interprètes pour partenaires")
    restrict_page(french, partner_group)
    public_doc = PortalDocumentFactory(
        title="Folder tolkendienst", description="Hoe vraag je een tolk aan?"
    )
    group_doc = PortalDocumentFactory(
        title="Verslag tolk werkgroep",
        collection=space.collection,
        extracted_text=f"De tolk en het {SECRET}.",
    )
    trashed = trash(
        PortalDocumentFactory(title="Oude folder tolk", extracted_text=f"tolk {SECRET}")
    )
    member = UserFactory(username="lid-wonen")
    member.save()  # the factory only saves the password when given groups by name
    member.groups.add(space.member_group)
    users = {
        "anonymous": None,
        "partner": UserFactory(groups=[roles.PARTNER]),
        "member": member,
        # (groups= makes the factory save the password it set)
        "superuser": UserFactory(is_superuser=True, groups=[roles.COORDINATOR]),
    }
    return {
        "public": public,
        "partners": partners,
        "space": space,
        "meeting": meeting,
        "french": french,
        "public_doc": public_doc,
        "group_doc": group_doc,
        "trashed": trashed,
        "group": space.member_group,
        "theme": str(theme.translation_key),
        "users": users,
    }


EXPECTED = {
    "anonymous": {"Tolken bij het onthaal", "Folder tolkendienst"},
    "partner": {"Tolken bij het onthaal", "Folder tolkendienst", "Tolken voor partners"},
    "member": {
        "Tolken bij het onthaal",
        "Folder tolkendienst",
        "Vergadering over de tolk",
        "Verslag tolk werkgroep",
    },
    "superuser": {
        "Tolken bij het onthaal",
        "Folder tolkendienst",
        "Tolken voor partners",
        "Vergadering over de tolk",
        "Verslag tolk werkgroep",
    },
}


@pytest.mark.parametrize("who", EXPECTED)
def test_results_are_exactly_what_the_user_may_open(world, search_json, who):
    answer = search_json("tolk", user=world["users"][who])
    assert set(titles(answer)) == EXPECTED[who]
    assert answer["total"] == len(EXPECTED[who])


@pytest.mark.parametrize("who", ["anonymous", "partner", "member", "superuser"])
def test_a_trashed_document_is_never_found(world, search_json, who):
    answer = search_json("oude folder", user=world["users"][who], taal="alle")
    assert "Oude folder tolk" not in titles(answer)


def test_secret_words_give_nothing_to_outsiders(world, search_json):
    for who in ("anonymous",):
        answer = search_json(SECRET, user=world["users"][who], taal="alle")
        assert answer["total"] == 0
        assert answer["results"] == []
        assert answer["facets"] == {}


def test_anonymous_never_sees_a_restricted_word_anywhere(world, client, search_json):
    answer = search_json("tolk", taal="alle")
    for result in answer["results"]:
        assert SECRET not in result["snippet"]
        assert SECRET not in result["title"]
    for q in ("tolk", "interpretes", "vergadering", "partenaires"):
        html = client.get("/nl/zoeken/", {"q": q, "taal": "alle"}).content.decode()
        html = html.replace(f"\u2018{q}\u2019", "").replace(f'value="{q}"', "")
        html = html.split("</title>")[1]
        assert SECRET not in html
        assert "Interprètes" not in html
        assert "Vergadering over de tolk" not in html


def test_a_snippet_comes_from_a_version_the_user_may_open(world, search_json):
    # The French translation says something only the working group may read.
    world["french"].intro = "Interprètes: code confidentiel tolk"
    world["french"].save_revision().publish()
    restrict_page(world["french"], world["group"])
    answer = search_json("tolk", user=world["users"]["partner"], taal="alle")
    partner_result = next(r for r in answer["results"] if r["title"] == "Tolken voor partners")
    assert "confidentiel" not in partner_result["snippet"]
    answer = search_json("confidentiel", user=world["users"]["partner"], taal="alle")
    assert answer["total"] == 0


def test_a_restricted_translation_is_not_offered_as_a_version(world, client):
    client.force_login(world["users"]["partner"])
    html = client.get("/nl/zoeken/", {"q": "tolken voor partners"}).content.decode()
    assert "Ook beschikbaar" in html and "Français" in html  # the partner may read it
    restrict_page(world["french"], world["group"])
    html = client.get("/nl/zoeken/", {"q": "tolken voor partners"}).content.decode()
    results = html.split("search-results__list")[1]
    assert "<mark>Tolken</mark> voor <mark>partners</mark>" in results
    assert "Français" not in results
    assert world["french"].url not in html


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_no_facet_counts_anything_the_user_may_not_open(world, search_json, who):
    answer = search_json("tolk", user=world["users"][who], taal="alle")
    facets = answer["facets"]
    assert str(SECRET_YEAR) not in facets.get("jaar", {})
    assert str(world["space"].pk) not in facets.get("werkgroep", {})
    if who == "anonymous":
        assert world["theme"] not in facets.get("thema", {})
    # Each result has one type; a result in two languages or reading levels counts
    # under each of them.
    assert sum(facets["type"].values()) == answer["total"]
    assert sum(facets["taal"].values()) >= answer["total"]
    assert sum(facets["niveau"].values()) >= answer["total"]
    if who == "partner":
        assert facets["taal"] == {"nl": 3, "fr": 1}
        assert facets["niveau"] == {"full": 3, "easy": 1}
    if who == "anonymous":
        assert "fr" not in facets["taal"]
        assert "easy" not in facets["niveau"]
        assert facets["type"] == {"kennisbank.methodpage": 1, "portal.portaldocument": 1}


def test_members_see_their_groups_facets(world, search_json):
    answer = search_json("tolk", user=world["users"]["member"], taal="alle")
    facets = answer["facets"]
    assert facets["werkgroep"] == {str(world["space"].pk): 2}  # the meeting and the document
    assert facets["jaar"][str(SECRET_YEAR)] == 1
    assert world["theme"] not in facets.get("thema", {})  # on a partner-only page
    partner_facets = search_json("tolk", user=world["users"]["partner"], taal="alle")["facets"]
    assert partner_facets["thema"] == {world["theme"]: 1}


def test_filtering_on_a_restricted_facet_value_shows_nothing(world, search_json):
    answer = search_json(
        "tolk", user=None, taal="alle", werkgroep=str(world["space"].pk), thema=world["theme"]
    )
    assert answer["total"] == 0
    assert answer["results"] == []


def test_the_working_group_is_not_named_to_outsiders_who_type_its_id(world, client):
    client.logout()
    html = client.get(
        "/nl/zoeken/", {"q": "tolk", "taal": "alle", "werkgroep": world["space"].pk}
    ).content.decode()
    assert "Werkgroep Wonen" not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", set()), ("partner", set()), ("member", {"Vergadering over de tolk"})],
)
def test_suggestions_come_only_from_what_the_user_may_open(world, client, who, expected):
    user = world["users"][who]
    if user:
        client.force_login(user)
    answer = client.get("/nl/zoeken/suggesties/", {"q": "vergad"}).json()
    assert {s["title"] for s in answer["suggestions"]} == expected
    answer = client.get("/nl/zoeken/suggesties/", {"q": "werkgroep"}).json()
    suggested = {s["title"] for s in answer["suggestions"]}
    assert "Werkgroepen" in suggested  # the public overview of the groups
    assert ("Werkgroep Wonen" in suggested) == (who == "member")


def test_no_results_page_suggests_nothing_restricted(world, client):
    html = client.get("/nl/zoeken/", {"q": "vergad"}).content.decode()
    assert "Vergadering over de tolk" not in html


def test_membership_change_counts_in_the_next_search(world, search_json):
    member = world["users"]["member"]
    assert "Vergadering over de tolk" in titles(search_json("tolk", user=member))
    member.groups.clear()
    assert "Vergadering over de tolk" not in titles(search_json("tolk", user=member))
    member.groups.add(world["group"])
    assert "Verslag tolk werkgroep" in titles(search_json("tolk", user=member))


def test_restriction_change_counts_in_the_next_search_without_reindexing(world, search_json):
    indexed_at = set(SearchEntry.objects.values_list("indexed_at", flat=True))
    restriction = restrict_page(world["public"], restriction_type=PageViewRestriction.LOGIN)
    assert "Tolken bij het onthaal" not in titles(search_json("tolk"))
    assert "Tolken bij het onthaal" in titles(search_json("tolk", user=world["users"]["member"]))
    restriction.delete()
    assert "Tolken bij het onthaal" in titles(search_json("tolk"))
    assert set(SearchEntry.objects.values_list("indexed_at", flat=True)) == indexed_at


def test_a_collection_made_private_hides_its_documents_at_once(world, search_json):
    collection = Collection.get_first_root_node().add_child(name="Bijna publiek")
    world["public_doc"].collection = collection
    world["public_doc"].save()
    assert "Folder tolkendienst" in titles(search_json("tolk"))
    from wagtail.models import CollectionViewRestriction

    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert "Folder tolkendienst" not in titles(search_json("tolk"))


def test_unpublished_page_is_gone_from_results(world, search_json):
    world["public"].unpublish()
    assert "Tolken bij het onthaal" not in titles(search_json("tolk"))


def test_promoted_result_is_shown_only_to_who_may_open_it(world, client):
    query = PromotedQuery.get("tolk")
    SearchPromotion.objects.create(query=query, page=world["meeting"], sort_order=0)
    client.logout()
    html = client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    assert "Vergadering over de tolk" not in html
    client.force_login(world["users"]["member"])
    html = client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    assert "Aanbevolen" in html
    assert "Vergadering over de tolk" in html


def test_search_responses_are_never_cached_for_others(world, client):
    response = client.get("/nl/zoeken/", {"q": "tolk"})
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    response = client.get("/nl/zoeken/suggesties/", {"q": "tol"})
    assert "no-store" in response["Cache-Control"]


# --- Counts and result pages kept under the content version -------------------------
# The total, the facet counts and the page of result groups are kept per query,
# filters and audience (access.privacy.audience) until the content changes. Nothing
# kept for one audience may ever reach another, and a change must count at once.


@pytest.fixture
def keep_every_search(monkeypatch):
    """The test world is small: keep its searches as the portal keeps large ones."""
    from search import service

    monkeypatch.setattr(service, "KEEP_FROM", 0)


def _summary_statements(queries):
    return [q["sql"] for q in queries if "mm AS MATERIALIZED" in q["sql"]]


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_a_repeated_search_is_answered_from_the_kept_counts(world, keep_every_search, client, who):
    """(So that the tests below test something: a repeated search is not counted
    again.) Logged in once: a login itself changes the content version."""
    from django.test.utils import CaptureQueriesContext

    if world["users"][who]:
        client.force_login(world["users"][who])
    params = {"q": "tolk", "taal": "alle", "format": "json"}
    first = client.get("/nl/zoeken/", params).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/nl/zoeken/", params).json()
    assert again == first
    assert first["total"] == len(EXPECTED[who])
    assert not _summary_statements(queries.captured_queries)


@pytest.mark.parametrize(
    "order",
    [
        ["superuser", "member", "partner", "anonymous"],
        ["anonymous", "partner", "member", "superuser"],
    ],
)
def test_kept_counts_and_results_never_reach_another_audience(world, keep_every_search, order):
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for who in order:  # every login first
        clients[who] = Client()
        if world["users"][who]:
            clients[who].force_login(world["users"][who])
    params = {"q": "tolk", "taal": "alle", "format": "json"}
    seen = {}
    for round_number in range(2):  # the second round is answered from what was kept
        for who in order:
            with CaptureQueriesContext(connection) as queries:
                answer = clients[who].get("/nl/zoeken/", params).json()
            assert bool(_summary_statements(queries.captured_queries)) == (round_number == 0)
            assert set(titles(answer)) == EXPECTED[who]
            assert answer["total"] == len(EXPECTED[who])
            assert sum(answer["facets"]["type"].values()) == answer["total"]
            assert answer == seen.setdefault(who, answer)
    assert str(SECRET_YEAR) not in seen["anonymous"]["facets"].get("jaar", {})
    assert str(SECRET_YEAR) not in seen["partner"]["facets"].get("jaar", {})
    assert world["theme"] not in seen["anonymous"]["facets"].get("thema", {})
    assert world["theme"] not in seen["member"]["facets"].get("thema", {})
    assert str(world["space"].pk) not in seen["partner"]["facets"].get("werkgroep", {})


def test_a_restriction_after_a_kept_search_hides_the_page_from_its_counts(
    world, keep_every_search, search_json
):
    before = search_json("tolk", taal="alle")
    assert "Tolken bij het onthaal" in titles(before)
    restrict_page(world["public"], restriction_type=PageViewRestriction.LOGIN)
    after = search_json("tolk", taal="alle")
    assert "Tolken bij het onthaal" not in titles(after)
    assert after["total"] == before["total"] - 1
    assert "kennisbank.methodpage" not in after["facets"].get("type", {})


def test_leaving_a_group_after_a_kept_search_hides_its_space_from_the_counts(
    world, keep_every_search, search_json
):
    member = world["users"]["member"]
    before = search_json("tolk", user=member, taal="alle")
    assert before["facets"]["werkgroep"] == {str(world["space"].pk): 2}
    member.groups.clear()
    after = search_json("tolk", user=member, taal="alle")
    assert after["total"] == before["total"] - 2
    assert str(world["space"].pk) not in after["facets"].get("werkgroep", {})
    assert str(SECRET_YEAR) not in after["facets"].get("jaar", {})


def test_a_collection_made_private_after_a_kept_search_leaves_the_counts(
    world, keep_every_search, search_json
):
    from wagtail.models import CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Bijna publiek")
    world["public_doc"].collection = collection
    world["public_doc"].save()
    before = search_json("tolk", taal="alle")
    assert before["facets"]["type"].get("portal.portaldocument") == 1
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    after = search_json("tolk", taal="alle")
    assert after["total"] == before["total"] - 1
    assert "portal.portaldocument" not in after["facets"].get("type", {})


def test_an_index_rebuild_after_a_kept_search_counts_at_once(world, keep_every_search, search_json):
    """Index rows written without any model signal (a rebuild) must not leave kept
    counts behind: the search app announces its own writes."""
    from kennisbank.models import MethodPage
    from search.indexing import rebuild

    before = search_json("tolk", taal="alle")
    other = MethodPageFactory(parent=world["public"].get_parent(), title="Onthaal")
    assert search_json("tolk", taal="alle")["total"] == before["total"]
    MethodPage.objects.filter(pk=other.pk).update(lead="Met een tolk erbij.")
    rebuild()
    after = search_json("tolk", taal="alle")
    assert after["total"] == before["total"] + 1
    assert "Onthaal" in titles(after)


def test_a_branch_restricted_after_a_kept_search_hides_everything_below_it(
    world, keep_every_search, search_json
):
    """The restricted branches are read once per audience and content version."""
    kennisbank = world["public"].get_parent()
    assert "Tolken bij het onthaal" in titles(search_json("tolk"))
    restrict_page(kennisbank, restriction_type=PageViewRestriction.LOGIN)
    answer = search_json("tolk", taal="alle")
    assert "Tolken bij het onthaal" not in titles(answer)
    assert "kennisbank.methodpage" not in answer["facets"].get("type", {})
    assert "Tolken bij het onthaal" in titles(search_json("tolk", user=world["users"]["member"]))


def test_a_renamed_theme_is_named_anew_at_once(world, client):
    from kennisbank.models import Theme

    client.force_login(world["users"]["partner"])
    params = {"q": "tolk", "taal": "alle"}
    assert "Geheim thema" in client.get("/nl/zoeken/", params).content.decode()
    theme = Theme.objects.get(translation_key=world["theme"])
    theme.name = "Hernoemd thema"
    theme.save()
    # (The old name stays in the page's indexed text until it is saved again.)
    assert "Hernoemd thema" in client.get("/nl/zoeken/", params).content.decode()


def test_a_search_with_few_results_is_not_kept(world, client):
    from django.test.utils import CaptureQueriesContext

    params = {"q": "tolk", "taal": "alle", "format": "json"}
    client.get("/nl/zoeken/", params)
    with CaptureQueriesContext(connection) as queries:
        client.get("/nl/zoeken/", params)
    assert _summary_statements(queries.captured_queries)


def test_a_contact_person_is_found_by_whoever_may_open_the_page(
    home_page, role_groups, search_json
):
    from tests.kennisbank.factories import PracticePageFactory

    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    PracticePageFactory(
        parent=kennisbank,
        title="Oudercafé in Kapellen",
        contact_name="Ann Verhulst",
        contact_role="brugfiguur van het sociaal huis",
    )
    PracticePageFactory(
        parent=kennisbank,
        title="Intern overleg in Schoten",
        contact_name="Bram Verhulst",
        contact_role="interne coach",
        audience="partners",
    )
    partner = UserFactory(groups=[roles.PARTNER])
    assert titles(search_json("Verhulst")) == ["Oudercafé in Kapellen"]
    assert titles(search_json("brugfiguur")) == ["Oudercafé in Kapellen"]
    assert set(titles(search_json("Verhulst", user=partner))) == {
        "Oudercafé in Kapellen",
        "Intern overleg in Schoten",
    }
    assert titles(search_json("coach")) == []  # the partners' page, for anonymous
