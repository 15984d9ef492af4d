"""What is remembered for one request, per audience or per content version never
outlives what it depends on, and is never shared between visitors who may see
different things (core.requestcache, core.cache.versioned, access.privacy)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from access import privacy, roles
from core import requestcache
from core.cache import versioned
from home.templatetags.navigation_tags import main_menu
from tests.portal.factories import UserFactory


@pytest.fixture
def in_request():
    """Run the test body as if inside a request (an open request store)."""
    token = requestcache._store.set({})
    yield
    requestcache._store.reset(token)


def add(parent, title, *, in_menu=True):
    page = Page(title=title, slug=title.lower(), show_in_menus=in_menu)
    parent.add_child(instance=page)
    return page


def test_memo_outside_a_request_computes_every_time(db):
    calls = []
    requestcache.memo("key", lambda: calls.append(1))
    requestcache.memo("key", lambda: calls.append(1))
    assert len(calls) == 2


def test_memo_inside_a_request_computes_once(in_request):
    calls = []
    requestcache.memo("key", lambda: calls.append(1) or "value")
    assert requestcache.memo("key", lambda: calls.append(1) or "value") == "value"
    assert len(calls) == 1


def test_any_write_empties_the_request_store(in_request, role_groups):
    requestcache.memo("key", lambda: "old")
    Group.objects.create(name="Nieuw")
    assert requestcache.memo("key", lambda: "new") == "new"


def restricted_space(home_page, group_name):
    """A page only the members of a new group ``group_name`` may open."""
    space = add(home_page, "Ruimte")
    group = Group.objects.create(name=group_name)
    restriction = PageViewRestriction.objects.create(
        page=space, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return space, group


def test_a_group_joined_during_the_request_counts_at_once(in_request, home_page, role_groups):
    space, group = restricted_space(home_page, "Werkgroep B")
    user = UserFactory(groups=[roles.PARTNER])
    assert not privacy.viewable_pages(user).filter(pk=space.pk).exists()
    group.user_set.add(user)  # the reverse side: the user object is not told
    assert privacy.viewable_pages(user).filter(pk=space.pk).exists()


def test_a_group_left_during_the_request_counts_at_once(in_request, home_page, role_groups):
    space, group = restricted_space(home_page, "Werkgroep C")
    user = UserFactory(groups=["Werkgroep C"])
    assert privacy.viewable_pages(user).filter(pk=space.pk).exists()
    user.groups.remove(group)
    assert not privacy.viewable_pages(user).filter(pk=space.pk).exists()
    assert list(user.groups.all()) == []


def test_audience_tells_apart_who_may_see_different_things(role_groups):
    partner = UserFactory(groups=[roles.PARTNER])
    other_partner = UserFactory(groups=[roles.PARTNER])
    member = UserFactory(groups=[roles.PARTNER, roles.REDACTEUR])
    admin = UserFactory(is_superuser=True)
    assert privacy.audience(AnonymousUser()) == "anonymous"
    assert privacy.audience(partner) == privacy.audience(other_partner)
    assert privacy.audience(partner) != privacy.audience(member)
    assert privacy.audience(admin) == "superuser"


def test_versioned_values_end_with_a_change_of_content(home_page):
    assert versioned("some-key", lambda: "before") == "before"
    assert versioned("some-key", lambda: "after") == "before"
    home_page.save_revision().publish()
    assert versioned("some-key", lambda: "after") == "after"


def test_main_menu_is_never_shared_between_audiences(home_page, role_groups):
    add(home_page, "Open")
    partners_only = add(home_page, "Partners")
    restriction = PageViewRestriction.objects.create(
        page=partners_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=roles.PARTNER)])
    request = RequestFactory().get("/nl/")

    def menu_for(user):
        request.user = user
        token = requestcache._store.set({})
        try:
            return {item["title"] for item in main_menu({"request": request, "page": home_page})}
        finally:
            requestcache._store.reset(token)

    assert menu_for(UserFactory(groups=[roles.PARTNER])) == {"Open", "Partners"}
    assert menu_for(AnonymousUser()) == {"Open"}
    assert menu_for(UserFactory()) == {"Open"}
    assert menu_for(UserFactory(groups=[roles.PARTNER])) == {"Open", "Partners"}


def test_a_new_restriction_hides_a_page_from_the_cached_menu(client, home_page, role_groups):
    section = add(home_page, "Sectie")
    assert b"Sectie" in client.get(home_page.url).content
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert restriction.pk
    assert b">Sectie<" not in client.get(home_page.url).content


def test_a_change_made_by_another_process_is_seen(db, settings):
    from core import cache as portal_cache
    from core.models import ContentVersion

    settings.PORTAL_CONTENT_VERSION_SECONDS = 0  # read the database every time
    before = portal_cache.content_version()
    assert versioned("other-process", lambda: "before") == "before"
    # Another process commits a change: it writes a new token, this one's cache is
    # its own (per-process memory by default).
    ContentVersion.objects.filter(pk=1).update(token=before + 1)
    assert portal_cache.content_version() == before + 1
    assert versioned("other-process", lambda: "after") == "after"


def test_a_change_rolled_back_leaves_its_version_behind(db, monkeypatch):
    from django.db import connection

    from core import cache as portal_cache

    portal_cache.bump_content_version()  # inside the test's transaction: pending
    during = portal_cache.content_version()
    monkeypatch.setattr(type(connection), "in_atomic_block", False, raising=False)
    portal_cache.end_of_request()
    monkeypatch.undo()
    assert portal_cache.content_version() != during


def test_the_start_page_is_read_once_per_request(client, home_page):
    """The home link and the menu both need the start page when their kept values are
    computed again (the first request after a change of content)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import bump_content_version

    add(home_page, "Sectie")
    client.get(home_page.url)
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(home_page.url)
    assert b">Sectie<" in response.content
    start_page_reads = [
        q["sql"] for q in queries.captured_queries if '"wagtailcore_page"."depth" = 2' in q["sql"]
    ]
    assert len(start_page_reads) == 1
