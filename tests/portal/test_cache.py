"""What the portal keeps (core.cache): whole pages for anonymous visitors, values per
content version, values per audience. Fast for visitors, never a leak, never stale."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from wagtail.models import Page, PageViewRestriction

from access import privacy, roles
from core import cache as portal_cache
from core.cache import kept_for_audience, versioned
from core.models import ContentVersion
from home.templatetags.navigation_tags import main_menu
from tests.portal.factories import UserFactory


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def get(client, path):
    response = client.get(path)
    return response, response.get("X-Portal-Cache")


def test_anonymous_page_is_served_from_the_cache_the_second_time(home_page):
    _, first = get(Client(), "/nl/")
    response, second = get(Client(), "/nl/")
    assert (first, second) == ("miss", "hit")
    assert home_page.title in response.content.decode()
    assert "Content-Security-Policy" in response


def test_publishing_invalidates_the_cache(home_page):
    get(Client(), "/nl/")
    home_page.title = "Nieuwe titel voor de start"
    home_page.save_revision().publish()
    response, state = get(Client(), "/nl/")
    assert state == "miss"
    assert "Nieuwe titel voor de start" in response.content.decode()


def test_unpublishing_invalidates_the_cache(home_page):
    child = Page(title="Tijdelijk", slug="tijdelijk")
    home_page.add_child(instance=child)
    child.save_revision().publish()
    assert get(Client(), "/nl/tijdelijk/")[0].status_code == 200
    child.unpublish()
    assert get(Client(), "/nl/tijdelijk/")[0].status_code == 404


def test_moving_a_page_invalidates_the_cache(home_page):
    a = home_page.add_child(instance=Page(title="A", slug="a"))
    b = home_page.add_child(instance=Page(title="B", slug="b"))
    assert get(Client(), "/nl/b/")[0].status_code == 200
    b.move(a, pos="last-child")
    moved = get(Client(), "/nl/b/")[0]
    assert moved.status_code in (301, 404)
    assert moved.get("Location", "/nl/a/b/") == "/nl/a/b/"
    assert get(Client(), "/nl/a/b/")[0].status_code == 200


def test_a_new_restriction_takes_effect_at_once(home_page, role_groups):
    page = home_page.add_child(instance=Page(title="Straks privé", slug="straks"))
    assert get(Client(), "/nl/straks/")[0].status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(role_groups[roles.PARTNER])
    response, state = get(Client(), "/nl/straks/")
    assert response.status_code == 302
    assert state is None


def test_a_members_page_is_never_cached_or_served_to_someone_else(home_page, role_groups):
    secret = home_page.add_child(instance=Page(title="Verhaal van Nadia", slug="verhaal"))
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(role_groups[roles.PARTNER])
    member = Client()
    member.force_login(UserFactory(groups=[roles.PARTNER]))
    for _ in range(2):
        response = member.get("/nl/verhaal/")
        assert response.status_code == 200
        assert response.get("X-Portal-Cache") is None
        assert "private" in response["Cache-Control"]
    anonymous = Client().get("/nl/verhaal/")
    assert anonymous.status_code == 302
    assert "Verhaal van Nadia" not in anonymous.content.decode()


def test_logged_in_home_page_is_private_and_not_shared(home_page, partner):
    member = Client()
    member.force_login(partner)
    response = member.get("/nl/")
    assert "private" in response["Cache-Control"]
    assert f"Welkom terug, {partner.first_name}" in response.content.decode()
    anonymous, _ = get(Client(), "/nl/")
    assert "Welkom terug" not in anonymous.content.decode()


def test_easy_read_choice_gets_its_own_cache_entry(home_page):
    plain = Client()
    easy = Client()
    easy.cookies["portal_easy_read"] = "1"
    get(plain, "/nl/")
    assert get(easy, "/nl/")[1] == "miss"


def test_a_login_keeps_what_is_cached_but_a_change_of_the_user_does_not(home_page, role_groups):
    """Django saves ``last_login`` on every login: that changes nothing anyone sees, so
    it must not throw away every cached page and value. Any other change of a user
    (a name, groups) still counts."""
    from django.contrib.auth import authenticate, login
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from core.cache import content_version
    from tests.portal.factories import UserFactory

    user = UserFactory(username="inlogger")
    user.set_password("lang-genoeg-wachtwoord-1")
    user.save()
    before = content_version()
    request = RequestFactory().post("/accounts/login/")
    request.session = SessionStore()
    found = authenticate(request, username="inlogger", password="lang-genoeg-wachtwoord-1")
    login(request, found)
    assert found.last_login is not None
    assert content_version() == before
    found.first_name = "Anders"
    found.save()
    assert content_version() != before


# --- HTTP caching -----------------------------------------------------------------


def test_an_anonymous_public_page_is_kept_briefly_by_proxies_and_revalidated_by_browsers(
    home_page, settings
):
    settings.PORTAL_PAGE_MAX_AGE = 42
    for _ in range(2):  # rendered, then from the cache: the same headers
        response = Client().get("/nl/")
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=42"} <= control
        assert "Cookie" in response["Vary"]


def test_a_logged_in_page_is_never_kept_by_a_shared_cache(home_page, partner):
    member = Client()
    member.force_login(partner)
    response = member.get("/nl/")
    assert "public" not in response["Cache-Control"]
    assert {"private", "no-cache"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert "Cookie" in response["Vary"]


def test_a_restricted_page_is_private_for_the_member_who_may_see_it(home_page, role_groups):
    page = home_page.add_child(instance=Page(title="Alleen partners", slug="partners"))
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(role_groups[roles.PARTNER])
    member = Client()
    member.force_login(UserFactory(groups=[roles.PARTNER]))
    response = member.get("/nl/partners/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_unchanged_page_answers_not_modified(home_page):
    first = Client().get("/nl/")
    assert first.status_code == 200
    etag = first["ETag"]
    again = Client().get("/nl/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    home_page.title = "Een andere titel"
    home_page.save_revision().publish()
    changed = Client().get("/nl/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Een andere titel" in changed.content.decode()


def test_a_front_end_cache_is_configured_from_the_environment():
    """With FRONTEND_CACHE_URL, Wagtail's front-end cache app is installed and purges
    through an HTTP backend at that address; without it, it is not installed (every
    publish would queue a purge for nothing)."""
    script = (
        "from django.conf import settings as s; import django; django.setup();"
        "print('wagtail.contrib.frontend_cache' in s.INSTALLED_APPS);"
        "print(getattr(s, 'WAGTAILFRONTENDCACHE', {}).get('default', {}).get('LOCATION'))"
    )

    def run(extra):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            **extra,
        }
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=django_settings.BASE_DIR,
        )
        return done.stdout.split()

    assert run({"FRONTEND_CACHE_URL": "http://varnish:6081"}) == ["True", "http://varnish:6081"]
    assert run({}) == ["False", "None"]


# --- The content version ------------------------------------------------------------


def test_versioned_values_end_with_a_change_of_content(home_page):
    assert versioned("some-key", lambda: "before") == "before"
    assert versioned("some-key", lambda: "after") == "before"
    home_page.save_revision().publish()
    assert versioned("some-key", lambda: "after") == "after"


def test_a_change_made_by_another_process_is_seen(db, settings):
    settings.PORTAL_CONTENT_VERSION_SECONDS = 0  # read the database every time
    before = portal_cache.content_version()
    assert versioned("other-process", lambda: "before") == "before"
    # Another process commits a change: it writes a new token, this one's cache is
    # its own (per-process memory by default).
    ContentVersion.objects.filter(pk=1).update(token=before + 1)
    assert portal_cache.content_version() == before + 1
    assert versioned("other-process", lambda: "after") == "after"


def test_a_change_waiting_for_its_commit_never_takes_another_process_version(home_page, settings):
    settings.PORTAL_CONTENT_VERSION_SECONDS = 0
    home_page.save_revision().publish()  # waits for the test's transaction to commit
    mine = portal_cache.content_version()
    versioned("uncommitted", lambda: "computed from rows others cannot see yet")
    # Another process commits a change of its own meanwhile.
    ContentVersion.objects.filter(pk=1).update(token=mine + 1)
    now = portal_cache.content_version()
    assert now not in (mine, mine + 1)
    # Whatever this thread keeps now is never found under the other process's version.
    assert versioned("uncommitted", lambda: "fresh") == "fresh"


# Transactional tests here restore the migrated data afterwards (serialized_rollback):
# a plain flush would run the post_migrate receivers again, re-creating the locales
# under new keys, and the next serialized test could not load its own.
def _stored_token():
    return ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_change_reaches_other_processes(settings):
    settings.PORTAL_CONTENT_VERSION_SECONDS = 0
    portal_cache.content_version()
    before = _stored_token()
    with transaction.atomic():
        Group.objects.create(name="Eerste")
        Group.objects.create(name="Tweede")
        assert _stored_token() == before  # nothing written before the commit
    after = _stored_token()
    assert after != before
    assert portal_cache.content_version() == after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_after_a_rolled_back_savepoint_still_reaches_other_processes(settings):
    settings.PORTAL_CONTENT_VERSION_SECONDS = 0
    portal_cache.content_version()
    before = _stored_token()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Group.objects.create(name="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
        Group.objects.create(name="Blijft")
    assert _stored_token() != before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_rolled_back_leaves_its_version_behind(settings):
    settings.PORTAL_CONTENT_VERSION_SECONDS = 3600
    before = portal_cache.content_version()
    try:
        with transaction.atomic():
            Group.objects.create(name="Nooit")
            during = portal_cache.content_version()
            assert during != before  # the process sees its own change at once
            versioned("rolled-back", lambda: "computed from rows that never were")
            raise RuntimeError
    except RuntimeError:
        pass
    assert not connection.in_atomic_block
    after = portal_cache.content_version()
    assert after not in (before, during)
    assert versioned("rolled-back", lambda: "fresh") == "fresh"


def test_a_login_changes_no_version_but_a_renamed_user_does(home_page):
    user = UserFactory()
    before = portal_cache.content_version()
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    assert portal_cache.content_version() == before
    user.first_name = "Anders"
    user.save()
    assert portal_cache.content_version() != before


# --- Values per audience --------------------------------------------------------------


def test_audience_tells_apart_who_may_see_different_things(role_groups):
    partner = UserFactory(groups=[roles.PARTNER])
    other_partner = UserFactory(groups=[roles.PARTNER])
    member = UserFactory(groups=[roles.PARTNER, roles.REDACTEUR])
    admin = UserFactory(is_superuser=True)
    other_admin = UserFactory(is_superuser=True, groups=[roles.PARTNER])
    assert privacy.audience(AnonymousUser()) == "anonymous"
    assert privacy.audience(partner) == privacy.audience(other_partner)
    assert privacy.audience(partner) != privacy.audience(member)
    assert privacy.audience(admin) != privacy.audience(partner)
    # Superusers see every page, but their groups still decide which spaces are theirs.
    assert privacy.audience(admin) != privacy.audience(other_admin)


def test_a_kept_value_is_never_given_to_another_audience(db):
    audiences = ["anonymous", "groups:1", "groups:1,2", "groups:1,3", "superuser;groups:"]
    for audience in audiences:
        kept_for_audience("test:who", audience, lambda audience=audience: f"for {audience}")
    for audience in reversed(audiences):
        assert kept_for_audience("test:who", audience, lambda: "computed again") == (
            f"for {audience}"
        )
    with pytest.raises(ValueError):
        kept_for_audience("test:who", "", lambda: "no audience")


def restricted(page, *groups):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    return page


def add(parent, title):
    return parent.add_child(instance=Page(title=title, slug=title.lower(), show_in_menus=True))


@pytest.fixture
def four_audiences(home_page, role_groups):
    """An open section, one for partners, one for working group A, one for B; and a
    visitor of each audience."""
    partner_group = Group.objects.get(name=roles.PARTNER)
    group_a = Group.objects.create(name="Werkgroep A")
    group_b = Group.objects.create(name="Werkgroep B")
    add(home_page, "Open")
    restricted(add(home_page, "Partners"), partner_group)
    restricted(add(home_page, "Groepa"), group_a)
    restricted(add(home_page, "Groepb"), group_b)
    return {
        "anonymous": (AnonymousUser(), {"Open"}),
        "partner": (UserFactory(groups=[roles.PARTNER]), {"Open", "Partners"}),
        "member of A": (
            UserFactory(groups=[roles.PARTNER, "Werkgroep A"]),
            {"Open", "Partners", "Groepa"},
        ),
        "member of B": (
            UserFactory(groups=[roles.PARTNER, "Werkgroep B"]),
            {"Open", "Partners", "Groepb"},
        ),
    }


@pytest.mark.parametrize(
    "order",
    [
        ["anonymous", "partner", "member of A", "member of B"],
        ["member of B", "member of A", "partner", "anonymous"],
        ["member of A", "anonymous", "member of B", "partner"],
    ],
)
def test_the_kept_menu_is_never_shared_between_audiences(home_page, four_audiences, order):
    for name in order + order:  # the second round reads what the first one kept
        user, expected = four_audiences[name]
        request = RequestFactory().get("/nl/")
        request.user = user
        titles = {item["title"] for item in main_menu({"request": request, "page": home_page})}
        assert titles == expected, name


@pytest.mark.parametrize(
    "order",
    [
        ["anonymous", "partner", "member of A", "member of B"],
        ["member of B", "member of A", "partner", "anonymous"],
    ],
)
def test_a_kept_page_fragment_is_never_shared_between_audiences(home_page, four_audiences, order):
    """The start page's body is kept per audience ({% audience_cache %}); it lists the
    sections its visitor may open."""
    for name in order + order:
        user, expected = four_audiences[name]
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        body = client.get("/nl/").content.decode()
        for title in ("Open", "Partners", "Groepa", "Groepb"):
            assert (f">{title}<" in body) == (title in expected), (name, title)


def test_a_new_restriction_hides_a_page_from_the_kept_menu(client, home_page, role_groups):
    section = add(home_page, "Sectie")
    assert b">Sectie<" in client.get(home_page.url).content
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert b">Sectie<" not in client.get(home_page.url).content


def test_a_group_joined_or_left_counts_from_the_next_request(home_page, role_groups):
    group = Group.objects.create(name="Werkgroep C")
    restricted(add(home_page, "Ruimte"), group)
    user = UserFactory(groups=[roles.PARTNER])
    member = Client()
    member.force_login(user)
    assert member.get("/nl/ruimte/").status_code != 200
    group.user_set.add(user)  # the reverse side of the relation
    assert member.get("/nl/ruimte/").status_code == 200
    user.groups.remove(group)
    assert member.get("/nl/ruimte/").status_code != 200


def test_outside_a_request_the_groups_are_read_fresh(home_page, role_groups):
    group = Group.objects.create(name="Werkgroep D")
    space = restricted(add(home_page, "Ruimte"), group)
    user = UserFactory(groups=[roles.PARTNER])
    assert not privacy.viewable_pages(user).filter(pk=space.pk).exists()
    group.user_set.add(user)
    assert privacy.viewable_pages(user).filter(pk=space.pk).exists()


def test_the_start_page_is_read_at_most_once_on_the_first_request_after_a_change(client, home_page):
    """The home link and the menu both need the start page when their kept values are
    computed again (a page served by Wagtail's routing knows it already)."""
    from django.test.utils import CaptureQueriesContext

    add(home_page, "Sectie")
    client.get(home_page.url)
    portal_cache.bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(home_page.url)
    assert b">Sectie<" in response.content
    start_page_reads = [
        q["sql"] for q in queries.captured_queries if '"wagtailcore_page"."depth" = 2' in q["sql"]
    ]
    assert len(start_page_reads) <= 1
