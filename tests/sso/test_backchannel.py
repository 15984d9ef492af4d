"""Back-channel logout (OpenID Connect Back-Channel Logout 1.0): signing out at the
real provider ends the portal session that sign-in started; a logout token that is
forged, for another client, with a nonce, without the logout event, expired or
replayed is refused with a 400 and ends nothing."""

import time
import uuid

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey
from wagtail.models import ModelLogEntry

from sso.accesslog import BACKCHANNEL_LOGOUT
from sso.logout import EVENT
from sso.models import SsoIdentity, SsoSession
from tests.sso.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/accounts/sso/test/backchannel-logout/"
FORM = 'id="op.logoutForm" method="post" action="'


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def sign_out_at_provider(oidc_provider, browser):
    """The person signs out at the provider (RP-less end_session, "Yes, sign me out");
    returns the logout tokens the provider posted."""
    seen = len(oidc_provider.logout_tokens)
    metadata = requests.get(
        f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=10
    ).json()
    page = browser.get(metadata["end_session_endpoint"], timeout=10)
    assert page.status_code == 200, page.text
    action = page.text.split(FORM, 1)[1].split('"', 1)[0]
    xsrf = page.text.split('name="xsrf" value="', 1)[1].split('"', 1)[0]
    done = browser.post(action, data={"xsrf": xsrf, "logout": "yes"}, timeout=10)
    assert done.status_code == 200
    return oidc_provider.logout_tokens[seen:]


@pytest.fixture
def signed_in(client, sso_settings):
    """An signed in through the provider; the provider's cookies in ``browser``."""
    browser = requests.Session()
    response, _back = sign_in(client, "an", browser=browser)
    assert response.status_code == 302
    assert signed_in_user_id(client)
    return browser


def test_sign_in_records_the_session_and_the_providers_sid(client, signed_in):
    session = SsoSession.objects.get()
    assert session.session_key == client.session.session_key
    assert session.sid  # the provider sends sid (backchannel_logout_session_required)
    assert session.identity.subject == "an"


def test_signing_out_at_the_provider_ends_the_portal_session(
    client, signed_in, oidc_provider, django_user_model
):
    other = django_user_model.objects.create_user("ander", password="x")
    other_client = type(client)()
    other_client.force_login(other)

    tokens = sign_out_at_provider(oidc_provider, signed_in)
    assert [path for path, _token in tokens] == ["test"]
    response = client.post(URL, {"logout_token": tokens[0][1]})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    page = client.get("/nl/accounts/mijn-account/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert not SsoSession.objects.exists()
    assert other_client.get("/nl/accounts/mijn-account/").status_code == 200  # untouched
    entry = ModelLogEntry.objects.get(action=BACKCHANNEL_LOGOUT)
    user = SsoIdentity.objects.get().user
    assert entry.object_id == str(user.pk)
    assert entry.user is None
    assert entry.data == {"provider": "test", "sessions": 1}
    assert "@" not in entry.label and "@" not in str(entry.data)


def _token(oidc_provider, key=None, header=None, **claims):
    now = int(time.time())
    body = {
        "iss": oidc_provider.issuer,
        "aud": "portal",
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
        "sub": "an",
        "events": {EVENT: {}},
    }
    body.update(claims)
    body = {name: value for name, value in body.items() if value is not None}
    header = header or {"alg": "RS256", "kid": "provider-key", "typ": "logout+jwt"}
    return jwt.encode(header, body, key or oidc_provider.signing_key)


def test_a_token_with_only_sub_ends_every_session_of_that_person(client, signed_in, oidc_provider):
    second = type(client)()
    sign_in(second, "an")
    assert SsoSession.objects.count() == 2

    response = client.post(URL, {"logout_token": _token(oidc_provider)})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert signed_in_user_id(second) is None
    assert ModelLogEntry.objects.get(action=BACKCHANNEL_LOGOUT).data["sessions"] == 2


def test_a_token_for_someone_else_ends_nothing(client, signed_in, oidc_provider):
    response = client.post(URL, {"logout_token": _token(oidc_provider, sub="karin")})
    assert response.status_code == 200  # valid, and nothing of karin's to end
    assert signed_in_user_id(client)
    assert not ModelLogEntry.objects.filter(action=BACKCHANNEL_LOGOUT).exists()


def _other_key():
    return RSAKey.generate_key(2048, parameters={"kid": "provider-key"})


BAD_TOKENS = {
    "forged": lambda p: _token(p, key=_other_key()),
    "wrong audience": lambda p: _token(p, aud="another-client"),
    "wrong issuer": lambda p: _token(p, iss="https://elders.example"),
    "with a nonce": lambda p: _token(p, nonce="abc"),
    "without events": lambda p: _token(p, events=None),
    "another event": lambda p: _token(p, events={"http://example.org/other": {}}),
    "without sub and sid": lambda p: _token(p, sub=None),
    "without iat": lambda p: _token(p, iat=None),
    "without jti": lambda p: _token(p, jti=None),
    "expired": lambda p: _token(p, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
    "unsigned": lambda p: _token(p, header={"alg": "none"}),
    "not a token": lambda p: "dit-is-geen-token",
    "empty": lambda p: "",
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_bad_logout_token_is_refused_and_ends_nothing(client, signed_in, oidc_provider, kind):
    try:
        token = BAD_TOKENS[kind](oidc_provider)
    except Exception:  # joserfc will not even make it ("none" without its registry)
        token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbiJ9."
    response = client.post(URL, {"logout_token": token})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content) < 100
    assert signed_in_user_id(client)
    assert SsoSession.objects.count() == 1
    assert not ModelLogEntry.objects.filter(action=BACKCHANNEL_LOGOUT).exists()


def test_a_replayed_logout_token_is_refused(client, signed_in, oidc_provider):
    token = _token(oidc_provider, sub="karin")
    assert client.post(URL, {"logout_token": token}).status_code == 200
    response = client.post(URL, {"logout_token": token})
    assert response.status_code == 400
    assert b"replayed" in response.content


def test_the_endpoint_needs_no_csrf_token_and_only_takes_post(sso_settings, oidc_provider):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"logout_token": _token(oidc_provider)}).status_code == 200
    assert strict.get(URL).status_code == 405
    unknown = strict.post("/accounts/sso/onbekend/backchannel-logout/", follow=True)
    assert unknown.status_code == 404
