"""Pages are found at their URLs by Wagtail's own routing: plain pages, routable
sub-URLs, aliases; unknown paths and drafts answer 404, also after a change."""

import pytest
from wagtail.models import Page

from tests.kennisbank.factories import KennisbankIndexPageFactory, PracticePageFactory


@pytest.fixture
def tree(home_page):
    index = KennisbankIndexPageFactory(parent=home_page, slug="kennisbank")
    practice = PracticePageFactory(parent=index, slug="ouderavond", title="Ouderavond")
    draft = PracticePageFactory(parent=index, slug="nog-niet", title="Nog niet", live=False)
    plain = home_page.add_child(instance=Page(title="Info", slug="info"))
    below = plain.add_child(instance=Page(title="Onder de info", slug="onder"))
    return {"index": index, "practice": practice, "draft": draft, "plain": plain, "below": below}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/nl/", "home"),
        ("/nl/kennisbank/", "index"),
        ("/nl/kennisbank/ouderavond/", "practice"),
        ("/nl/info/", "plain"),
        ("/nl/info/onder/", "below"),
    ],
)
def test_a_page_is_served_at_its_url(client, tree, home_page, path, name):
    expected = home_page if name == "home" else tree[name]
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["page"].pk == expected.pk


@pytest.mark.parametrize(("path", "name"), [("tips/", "tips"), ("wie-is-wie/", "directory")])
def test_a_routable_sub_url_is_served_by_its_page(client, tree, path, name):
    response = client.get(f"/nl/kennisbank/{path}")
    assert response.status_code == 200
    assert response.context["page"].pk == tree["index"].pk
    assert tree["index"].reverse_subpage(name) == path


@pytest.mark.parametrize(
    "path",
    ["/nl/bestaat-niet/", "/nl/kennisbank/bestaat-niet/", "/nl/info/x/y/", "/nl/info/onder/z/"],
)
def test_an_unknown_path_is_not_found(client, tree, path):
    assert client.get(path).status_code == 404


def test_a_draft_is_not_found(client, tree):
    assert client.get("/nl/kennisbank/nog-niet/").status_code == 404


def test_an_unpublished_page_is_not_found_at_once(client, tree):
    assert client.get("/nl/kennisbank/ouderavond/").status_code == 200
    tree["practice"].unpublish()
    assert client.get("/nl/kennisbank/ouderavond/").status_code == 404


def test_a_renamed_page_moves_to_its_new_url(client, tree):
    assert client.get("/nl/info/").status_code == 200
    plain = tree["plain"]
    plain.slug = "over-ons"
    plain.save_revision().publish()
    response = client.get("/nl/over-ons/onder/")
    assert response.status_code == 200
    assert response.context["page"].pk == tree["below"].pk
    assert client.get("/nl/info/onder/").status_code in (301, 404)


def test_an_alias_shows_its_source_at_its_own_url(client, tree):
    tree["practice"].create_alias(parent=tree["plain"], update_slug="ouderavond-kopie")
    response = client.get("/nl/info/ouderavond-kopie/")
    assert response.status_code == 200
    assert "Ouderavond" in response.content.decode()
