"""access.privacy turns view restrictions into querysets; every way out relies on it."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from access import privacy, roles
from tests.portal.factories import UserFactory


def restrict(page, *groups, restriction_type=PageViewRestriction.GROUPS):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)
    if groups:
        restriction.groups.set(groups)
    return restriction


@pytest.fixture
def tree(home_page):
    """home ─ open; home ─ group (restricted to 'Werkgroep A') ─ child ─ grandchild;
    home ─ partners (restricted to Partner, leaf); home ─ members (login only)."""
    group_a = Group.objects.create(name="Werkgroep A")

    def add(parent, title):
        page = Page(title=title, slug=title.lower())
        parent.add_child(instance=page)
        return page

    pages = {"open": add(home_page, "Open"), "group": add(home_page, "Groep")}
    pages["child"] = add(pages["group"], "Kind")
    pages["grandchild"] = add(pages["child"], "Kleinkind")
    pages["partners"] = add(home_page, "Partners")
    pages["members"] = add(home_page, "Leden")
    restrict(pages["group"], group_a)
    restrict(pages["partners"], Group.objects.get_or_create(name=roles.PARTNER)[0])
    restrict(pages["members"], restriction_type=PageViewRestriction.LOGIN)
    return pages, group_a


def titles(user):
    return set(privacy.viewable_pages(user).values_list("title", flat=True))


def test_anonymous_sees_only_unrestricted_pages(tree):
    from django.contrib.auth.models import AnonymousUser

    visible = titles(AnonymousUser())
    assert "Open" in visible
    assert not visible & {"Groep", "Kind", "Kleinkind", "Partners", "Leden"}


def test_partner_sees_partner_pages_but_not_a_groups_space(tree, role_groups):
    user = UserFactory(groups=[roles.PARTNER])
    visible = titles(user)
    assert {"Open", "Partners", "Leden"} <= visible
    assert not visible & {"Groep", "Kind", "Kleinkind"}


def test_group_member_sees_the_space_and_all_below_it(tree, role_groups):
    user = UserFactory(groups=["Werkgroep A"])
    visible = titles(user)
    assert {"Groep", "Kind", "Kleinkind", "Leden"} <= visible
    assert "Partners" not in visible


def test_membership_change_applies_to_the_next_query(tree, role_groups):
    user = UserFactory(groups=["Werkgroep A"])
    assert "Kleinkind" in titles(user)
    user.groups.clear()
    assert "Kleinkind" not in titles(user)


def test_superuser_sees_everything(tree):
    user = UserFactory(is_superuser=True)
    assert {"Groep", "Kleinkind", "Partners"} <= titles(user)


def test_many_branch_restrictions_use_the_constant_size_query(tree, settings, monkeypatch):
    monkeypatch.setattr(privacy, "_MAX_PREFIXES", 0)
    from django.contrib.auth.models import AnonymousUser

    visible = titles(AnonymousUser())
    assert "Open" in visible
    assert not visible & {"Groep", "Kind", "Kleinkind", "Partners"}


def test_branches_at_several_depths_and_aliases_into_them_are_hidden(tree, role_groups):
    """Failed branches of different path lengths are each looked up by their own
    prefix length; an alias anywhere is hidden when its source is, and a page that is
    no alias is never hidden for lacking a source."""
    pages, _group_a = tree
    group_b = Group.objects.create(name="Werkgroep B")
    inner = Page(title="Binnen", slug="binnen")
    pages["open"].add_child(instance=inner)
    deep = Page(title="Diep", slug="diep")
    inner.add_child(instance=deep)
    restrict(inner, group_b)
    space_c = Page(title="Groep C", slug="groep-c")
    pages["open"].get_parent().add_child(instance=space_c)
    below_c = Page(title="Onder C", slug="onder-c")
    space_c.add_child(instance=below_c)
    restrict(space_c, Group.objects.create(name="Werkgroep C"))
    alias = pages["child"].create_alias(parent=pages["open"], update_slug="kind-kopie")

    def ids(user):
        return set(privacy.viewable_pages(user).values_list("pk", flat=True))

    outsider = ids(UserFactory(groups=[roles.PARTNER]))
    assert pages["open"].pk in outsider and pages["partners"].pk in outsider
    assert not outsider & {inner.pk, deep.pk, alias.pk, pages["child"].pk, below_c.pk}
    member_b = ids(UserFactory(groups=["Werkgroep B"]))
    assert {inner.pk, deep.pk} <= member_b
    assert alias.pk not in member_b and pages["grandchild"].pk not in member_b
    member_a = ids(UserFactory(groups=["Werkgroep A"]))
    assert {alias.pk, pages["grandchild"].pk} <= member_a
    assert not member_a & {inner.pk, deep.pk}


def test_documents_in_a_restricted_collection_are_hidden(home_page, role_groups):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Werkgroep A")
    sub = private.add_child(name="Verslagen")
    group_a = Group.objects.create(name="Werkgroep A")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group_a])
    public_doc = Document.objects.create(title="Publiek", file=ContentFile(b"x", name="a.txt"))
    private_doc = Document.objects.create(
        title="Geheim", collection=sub, file=ContentFile(b"y", name="b.txt")
    )
    outsider = UserFactory(groups=[roles.PARTNER])
    member = UserFactory(groups=["Werkgroep A"])
    assert set(privacy.viewable_documents(outsider)) == {public_doc}
    assert set(privacy.viewable_documents(member)) == {public_doc, private_doc}
    assert not privacy.can_view_document(outsider, private_doc)
