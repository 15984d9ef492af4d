"""Breadcrumbs are kept per page; a preview of a page not saved yet is never kept."""

from django.test import RequestFactory
from wagtail.models import Page

from home.templatetags.navigation_tags import breadcrumb_items


def unsaved_child(parent, title):
    """What Wagtail previews for a page being created: no pk, a path below its parent."""
    page = Page(title=title, slug=title.lower())
    page.path = parent.path + "9999"
    page.depth = parent.depth + 1
    return page


def test_a_preview_of_a_new_page_shows_its_own_ancestors(home_page):
    private = Page(title="Werkgroep Schuld (privé)", slug="schuld")
    home_page.add_child(instance=private)
    public = Page(title="Kennisbank", slug="kennisbank")
    home_page.add_child(instance=public)
    request = RequestFactory().get("/")
    request.is_preview = True

    def titles(page):
        return [item["title"] for item in breadcrumb_items({"request": request}, page)]

    assert titles(unsaved_child(private, "Verslag"))[-1] == "Werkgroep Schuld (privé)"
    seen = titles(unsaved_child(public, "Nieuwe methode"))
    assert seen[-1] == "Kennisbank"
    assert "Werkgroep Schuld (privé)" not in seen
