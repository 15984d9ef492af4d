from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageViewRestriction, Revision

from demo.accounts import DEMO_ACCOUNTS


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
        PageViewRestriction.objects.count(),
        sorted(Page.objects.values_list("url_path", flat=True)),
    )


def test_load_demo_builds_a_home_page_and_the_accounts(demo, client):
    assert "Demo ready" in demo
    html = client.get("/nl/").content.decode()
    assert "netwerk" in html.lower()
    assert set(DEMO_ACCOUNTS) <= set(get_user_model().objects.values_list("username", flat=True))


@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_each_demo_account_can_log_in(demo, client, username):
    response = client.post(
        "/nl/accounts/login/", {"username": username, "password": "portaal-demo"}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(
        get_user_model().objects.get(username=username).pk
    )


def test_wrong_password_is_refused_with_a_message(demo, client):
    response = client.post("/nl/accounts/login/", {"username": "partner", "password": "fout"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


def test_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()


def test_load_demo_refused_when_demo_accounts_are_not_allowed(db, settings):
    settings.PORTAL_ALLOW_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="coordinator").exists()
