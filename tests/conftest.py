"""Fixtures shared by the whole suite.

The tree and the users come from factories (``tests/<app>/factories.py``); Wagtail's
initial "Welcome" page is removed so each test starts from an empty tree.
"""

import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from access import roles
from tests.home.factories import HomePageFactory
from tests.portal.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_and_locales(request, settings, tmp_path):
    """Every database test gets its own media folder and the configured locales.
    Browser tests talk to a separate server process and need neither, nor do tests
    that only read the source code."""
    if any(request.node.get_closest_marker(name) for name in ("browser", "own_database", "source")):
        return
    request.getfixturevalue("db")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from core.languages import ensure_locales

    ensure_locales()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: Django's LocaleMiddleware
    leaves the language of the last request active in the thread, so a test that
    asked for a French page made the next test on that worker run in French."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _nothing_kept_from_an_earlier_test():
    """What one test kept (core.cache) was computed from rows its rollback removed;
    the next test starts with an empty cache and the database's content version."""
    from django.core.cache import cache

    from core import cache as portal_cache

    portal_cache.forget()
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_search_log_left_behind():
    """Searches made by a test are counted in memory (``search.querylog``) and written
    later; drop them after the test, so nothing is written into the next test's
    database or, at exit, into a test database that no longer exists."""
    yield
    from search import querylog

    querylog._take()


@pytest.fixture
def version_read_once(settings):
    """A process reads the content version from the database at most once a second
    (core.cache): counted in a test, that read would make a count depend on the
    test's speed. Tests that count queries read it once."""
    settings.PORTAL_CONTENT_VERSION_SECONDS = 3600


@pytest.fixture
def empty_tree(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    return root


@pytest.fixture
def home_page(empty_tree):
    return HomePageFactory(parent=empty_tree)


@pytest.fixture
def locale_nl(db):
    return Locale.objects.get(language_code="nl")


@pytest.fixture
def role_groups(db):
    return roles.ensure_roles()


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def partner(role_groups):
    return UserFactory(username="partner-test", groups=[roles.PARTNER])


@pytest.fixture
def coordinator(role_groups):
    return UserFactory(
        username="coordinator-test", groups=[roles.COORDINATOR], is_superuser=True, is_staff=True
    )


@pytest.fixture
def client_for(client):
    """Log a client in as ``user``: ``client_for(user).get(...)``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
