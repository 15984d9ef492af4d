"""Signing in through a real OpenID Connect provider (``oidc-provider``, started by the
``oidc_provider`` fixture): the code flow with PKCE, both client authentications, and
every way a sign-in must fail with a clear message and no session."""

import time
from urllib.parse import urlsplit

import pytest
from authlib.integrations.django_client import DjangoOAuth2App
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from joserfc import jwt
from joserfc.jwk import RSAKey

from sso.models import OrganisationMapping, SsoIdentity
from tests.portal.factories import UserFactory
from tests.sso.conftest import sign_in

pytestmark = pytest.mark.django_db

User = get_user_model()


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def login_page_after(client, response):
    """The login page a refused sign-in sends to, with its message."""
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/nl/accounts/login/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


# --- the login page -----------------------------------------------------------------


def test_login_page_has_a_button_per_provider(client, sso_settings):
    html = client.get("/nl/accounts/login/?next=/nl/kennisbank/").content.decode()
    assert html.count("Aanmelden met Testorganisatie") == 2
    assert 'href="/nl/accounts/sso/test/?next=/nl/kennisbank/"' in html
    assert 'href="/nl/accounts/sso/jwt/?next=/nl/kennisbank/"' in html
    assert 'name="password"' in html  # the local login stays


def test_login_page_without_providers_has_no_buttons(client, settings):
    settings.OIDC_PROVIDERS = []
    html = client.get("/nl/accounts/login/").content.decode()
    assert "Aanmelden via je organisatie" not in html
    assert 'name="password"' in html


def test_unknown_provider_is_not_found(client, sso_settings):
    assert client.get("/nl/accounts/sso/onbekend/").status_code == 404
    response = client.get("/accounts/sso/onbekend/callback/?code=x&state=y", follow=True)
    assert response.status_code == 404


# --- the code flow ------------------------------------------------------------------


def test_first_sign_in_creates_an_account_from_the_verified_email(client, sso_settings):
    response, _back = sign_in(client, "an", next_url="/nl/accounts/mijn-account/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/accounts/mijn-account/"
    user = signed_in_user(client)
    assert user.email == "an.peeters@ocmw.example"
    assert (user.first_name, user.last_name) == ("An", "Peeters")
    assert not user.has_usable_password()
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == ("test", "an")
    assert "Peeters" in client.get("/nl/accounts/mijn-account/").content.decode()


def test_private_key_jwt_client_signs_in(client, sso_settings):
    response, _back = sign_in(client, "an", name="jwt")
    assert response.status_code == 302
    assert signed_in_user(client).email == "an.peeters@ocmw.example"
    assert SsoIdentity.objects.filter(provider="jwt", subject="an").exists()


def test_first_sign_in_links_the_account_with_the_same_verified_email(client, sso_settings):
    karin = UserFactory(username="karin", email="karin@vzw.example")
    response, _back = sign_in(client, "karin")
    assert response.status_code == 302
    assert signed_in_user(client) == karin
    assert User.objects.filter(email__iexact="karin@vzw.example").count() == 1
    karin.refresh_from_db()
    assert karin.has_usable_password()  # linking leaves the password alone


def test_later_sign_ins_use_the_link_not_the_email(client, sso_settings):
    sign_in(client, "an")
    user = signed_in_user(client)
    user.email = "an@elders.example"
    user.save()
    client.logout()
    sign_in(client, "an")
    assert signed_in_user(client) == user
    assert User.objects.count() == 1
    assert SsoIdentity.objects.get(user=user).last_login_at is not None


def test_an_inactive_account_is_refused(client, sso_settings):
    UserFactory(username="karin", email="karin@vzw.example", is_active=False)
    response, _back = sign_in(client, "karin")
    assert "Dit account is afgesloten" in login_page_after(client, response)
    assert signed_in_user(client) is None


def test_next_elsewhere_is_ignored(client, sso_settings):
    response, _back = sign_in(client, "an", next_url="https://elders.example/")
    assert response["Location"] == django_settings.LOGIN_REDIRECT_URL


# --- unverified e-mail --------------------------------------------------------------


def test_unverified_email_matching_an_account_is_refused(client, sso_settings):
    bert = UserFactory(username="bert", email="bert@vzw.example")
    response, _back = sign_in(client, "bert")
    html = login_page_after(client, response)
    assert "Je organisatie heeft je e-mailadres niet bevestigd" in html
    assert signed_in_user(client) is None
    assert not SsoIdentity.objects.exists()
    assert list(User.objects.all()) == [bert]


def test_unverified_email_never_creates_an_account(client, sso_settings):
    response, _back = sign_in(client, "bert")
    assert "niet bevestigd" in login_page_after(client, response)
    assert not User.objects.exists()


# --- organisation and groups --------------------------------------------------------


def test_mapping_gives_organisation_and_groups_but_never_a_working_group(client, sso_settings):
    partner = Group.objects.get_or_create(name="Partner")[0]
    working_group = Group.objects.create(name="Werkgroep Vrije tijd")
    mapping = OrganisationMapping.objects.create(
        email_domain="ocmw.example", organisation="OCMW Gent"
    )
    mapping.groups.add(partner, working_group)  # past the form, which never offers it
    OrganisationMapping.objects.create(email_domain="vzw.example", organisation="Andere vzw")
    sign_in(client, "an")
    user = signed_in_user(client)
    assert set(user.groups.all()) == {partner}
    assert SsoIdentity.objects.get(user=user).organisation == "OCMW Gent"


def test_mapping_by_claim_value(client, sso_settings):
    OrganisationMapping.objects.create(
        claim="given_name", claim_value="An", organisation="Via claim"
    )
    OrganisationMapping.objects.create(
        provider="jwt", claim="given_name", claim_value="An", organisation="Andere aanbieder"
    )
    sign_in(client, "an")
    assert SsoIdentity.objects.get().organisation == "Via claim"


def test_working_group_prefix_is_the_one_of_werkgroepen():
    from sso.models import WORKING_GROUP_PREFIX
    from werkgroepen.spaces import MEMBER_PREFIX

    assert WORKING_GROUP_PREFIX == MEMBER_PREFIX


def test_admin_form_offers_no_working_group(client, django_user_model):
    Group.objects.get_or_create(name="Partner")
    Group.objects.create(name="Werkgroep Vrije tijd")
    admin = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "x")
    client.force_login(admin)
    html = client.get("/admin/sso_mappings/new/").content.decode()
    assert "Partner" in html
    assert "Werkgroep Vrije tijd" not in html


# --- tokens that must be refused ----------------------------------------------------


@pytest.fixture
def token_responses(monkeypatch):
    """Every token response the portal gets from the provider, and a way to change
    the next one before Authlib validates it (as a man in the middle would)."""
    seen, changes = [], []
    original = DjangoOAuth2App.fetch_access_token

    def fetch(self, *args, **kwargs):
        token = original(self, *args, **kwargs)
        seen.append(dict(token))
        return changes.pop(0)(token) if changes else token

    monkeypatch.setattr(DjangoOAuth2App, "fetch_access_token", fetch)
    return seen, changes


def _resigned(token, key, **claims):
    original = jwt.decode(token["id_token"], key)
    header = {"alg": "RS256", "kid": original.header["kid"]}
    return {**token, "id_token": jwt.encode(header, {**original.claims, **claims}, key)}


def _refused(client, response):
    html = login_page_after(client, response)
    assert "Aanmelden met Testorganisatie is niet gelukt" in html
    assert signed_in_user(client) is None
    assert not SsoIdentity.objects.exists()


def test_a_resigned_but_unchanged_token_is_accepted(
    client, sso_settings, oidc_provider, token_responses
):
    """The control for the tests below: changing the token is what they test."""
    _seen, changes = token_responses
    changes.append(lambda token: _resigned(token, oidc_provider.signing_key))
    response, _back = sign_in(client, "an")
    assert response.status_code == 302
    assert signed_in_user(client).email == "an.peeters@ocmw.example"


def test_a_forged_id_token_is_refused(client, sso_settings, oidc_provider, token_responses):
    other_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
    _seen, changes = token_responses

    def forge(token):
        original = jwt.decode(token["id_token"], oidc_provider.signing_key)
        header = {"alg": "RS256", "kid": "provider-key"}
        return {**token, "id_token": jwt.encode(header, original.claims, other_key)}

    changes.append(forge)
    response, _back = sign_in(client, "an")
    _refused(client, response)


def test_an_expired_id_token_is_refused(client, sso_settings, oidc_provider, token_responses):
    _seen, changes = token_responses
    now = int(time.time())
    changes.append(
        lambda token: _resigned(token, oidc_provider.signing_key, iat=now - 7200, exp=now - 3600)
    )
    response, _back = sign_in(client, "an")
    _refused(client, response)


def test_an_id_token_for_another_client_is_refused(
    client, sso_settings, oidc_provider, token_responses
):
    _seen, changes = token_responses
    changes.append(lambda token: _resigned(token, oidc_provider.signing_key, aud="another-client"))
    response, _back = sign_in(client, "an")
    _refused(client, response)


def test_an_id_token_for_another_client_naming_us_as_azp_is_refused(
    client, sso_settings, oidc_provider, token_responses
):
    """``azp`` is the client that asked; the audience must still be this portal."""
    _seen, changes = token_responses
    changes.append(
        lambda token: _resigned(
            token, oidc_provider.signing_key, aud="another-client", azp="portal"
        )
    )
    response, _back = sign_in(client, "an")
    _refused(client, response)


def test_an_id_token_from_another_issuer_is_refused(
    client, sso_settings, oidc_provider, token_responses
):
    _seen, changes = token_responses
    changes.append(
        lambda token: _resigned(token, oidc_provider.signing_key, iss="https://elders.example")
    )
    response, _back = sign_in(client, "an")
    _refused(client, response)


# --- replays --------------------------------------------------------------------------


def test_a_replayed_state_is_refused(client, sso_settings):
    _response, back = sign_in(client, "an")
    assert signed_in_user(client) is not None
    client.logout()
    response = client.get(back.removeprefix("http://testserver"))
    _refused_keeping_account(client, response)


def _refused_keeping_account(client, response):
    html = login_page_after(client, response)
    assert "Aanmelden met Testorganisatie is niet gelukt" in html
    assert signed_in_user(client) is None


def test_a_replayed_id_token_fails_on_its_nonce(client, sso_settings, token_responses):
    seen, changes = token_responses
    sign_in(client, "an")
    first = seen[0]
    client.logout()
    changes.append(lambda token: first)  # the whole first answer: at_hash still fits
    response, _back = sign_in(client, "an")
    _refused_keeping_account(client, response)


# --- the provider is down -------------------------------------------------------------


def test_provider_down_gives_a_message_and_the_local_login_still_works(client, settings):
    from tests.sso.provider import free_port

    settings.OIDC_PROVIDERS = [
        {
            "name": "weg",
            "label": "Weg",
            "issuer": f"http://127.0.0.1:{free_port()}",
            "client_id": "portal",
            "client_secret": "x",
        }
    ]
    response = client.get("/nl/accounts/sso/weg/?next=/nl/accounts/mijn-account/")
    assert response["Location"] == "/nl/accounts/login/?next=%2Fnl%2Faccounts%2Fmijn-account%2F"
    html = login_page_after(client, response)
    assert "Aanmelden met Weg lukt nu niet" in html
    assert "meld je aan met je wachtwoord" in html
    UserFactory(username="lokaal")
    response = client.post(
        "/nl/accounts/login/",
        {"username": "lokaal", "password": django_settings.PORTAL_DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in_user(client).username == "lokaal"
