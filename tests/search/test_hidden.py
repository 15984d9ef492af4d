"""The search's privacy filter ("hidden pages / documents") is exactly the complement
of access.privacy's viewable sets, for every kind of user and restriction."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from access import privacy, roles
from core.models import PortalDocument
from search.engines import sql
from tests.portal.factories import UserFactory
from tests.search.factories import (
    ContentPageFactory,
    PortalDocumentFactory,
    private_collection,
    restrict_page,
    trash,
)


@pytest.fixture
def tree(home_page, role_groups):
    group = Group.objects.create(name="Werkgroep A")
    partner_group = Group.objects.get(name=roles.PARTNER)
    open_page = ContentPageFactory(parent=home_page, title="Open")
    space = ContentPageFactory(parent=home_page, title="Ruimte")
    child = ContentPageFactory(parent=space, title="Kind")
    ContentPageFactory(parent=child, title="Kleinkind")
    partners = ContentPageFactory(parent=home_page, title="Partners")
    members = ContentPageFactory(parent=home_page, title="Leden")
    draft = ContentPageFactory(parent=open_page, title="Concept")
    draft.unpublish()
    restrict_page(space, group)
    # An alias of the space's page, placed in the open part of the site.
    child.create_alias(parent=open_page, update_slug="kind-alias")
    restrict_page(partners, partner_group)
    restrict_page(members, restriction_type=PageViewRestriction.LOGIN)
    collection = private_collection("Werkgroep A", group)
    sub = collection.add_child(name="Verslagen")
    PortalDocumentFactory(title="Publiek")
    PortalDocumentFactory(title="Groep", collection=collection)
    PortalDocumentFactory(title="Groep, dieper", collection=sub)
    trash(PortalDocumentFactory(title="Weg"))
    return group


def _users(group):
    return [
        AnonymousUser(),
        UserFactory(groups=[roles.PARTNER]),
        UserFactory(groups=[group.name]),
        UserFactory(groups=[roles.COORDINATOR], is_superuser=True),
    ]


@pytest.mark.parametrize("max_branches", [200, 0])
def test_hidden_pages_are_the_pages_a_user_may_not_open(tree, monkeypatch, max_branches):
    monkeypatch.setattr(sql, "MAX_BRANCHES", max_branches)
    everything = set(Page.objects.values_list("pk", flat=True))
    for user in _users(tree):
        viewable = set(
            privacy.viewable_pages(user, Page.objects.live()).values_list("pk", flat=True)
        )
        hidden = set(sql.hidden_pages(user).values_list("pk", flat=True))
        assert hidden == everything - viewable, user


@pytest.mark.parametrize("max_branches", [200, 0])
def test_hidden_documents_are_the_documents_a_user_may_not_open(tree, monkeypatch, max_branches):
    monkeypatch.setattr(sql, "MAX_BRANCHES", max_branches)
    everything = set(PortalDocument.objects.values_list("pk", flat=True))
    for user in _users(tree):
        viewable = set(privacy.viewable_documents(user).values_list("pk", flat=True))
        hidden = set(sql.hidden_documents(user).values_list("pk", flat=True))
        assert hidden == everything - viewable, user


def test_past_the_branch_bound_only_sqlite_switches_to_the_correlated_form(tree, monkeypatch):
    # PostgreSQL takes any number of branches as one array parameter; the correlated
    # form was a hundred times slower there (search.engines.sql.MAX_BRANCHES).
    monkeypatch.setattr(sql, "MAX_BRANCHES", 0)
    statement, _params = sql.hidden_pages_sql(AnonymousUser())
    correlated = "EXISTS" in statement.upper()
    assert correlated == (connection.vendor == "sqlite")
    assert ("unnest(" in statement) == (connection.vendor == "postgresql")
