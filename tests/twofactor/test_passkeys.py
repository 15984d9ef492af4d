"""Passkeys: the pages carry django-otp-webauthn's pieces; a malformed or replayed
response is refused with a message, never a server error."""

import json

import pytest
from django.urls import reverse

from tests.twofactor.conftest import app_for, body, verify

pytestmark = pytest.mark.django_db


def _post(client, name, data, raw=None):
    return client.post(
        reverse(f"otp_webauthn:{name}"),
        data=raw if raw is not None else json.dumps(data),
        content_type="application/json",
    )


def test_the_passkeys_page_has_the_button_and_scripts(client, lead):
    client.force_login(lead)
    html = body(client.get(reverse("twofactor:passkeys")))
    assert 'id="passkey-register-button"' in html
    assert 'id="otp_webauthn_config"' in html
    assert "otp_webauthn_register.js" in html
    assert "Toegangssleutel toevoegen" in html


def test_registration_begins_with_options_for_this_person(client, lead):
    client.force_login(lead)
    response = _post(client, "credential-registration-begin", {})
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == lead.get_username()


@pytest.mark.parametrize(
    "raw",
    ["{", "[]", json.dumps({"id": "x", "response": {}}), json.dumps({"id": 1, "rawId": None})],
)
def test_a_malformed_registration_is_refused_clearly(client, lead, raw):
    client.force_login(lead)
    _post(client, "credential-registration-begin", {})
    response = _post(client, "credential-registration-complete", None, raw=raw)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_a_completion_without_a_beginning_is_refused(client, lead):
    client.force_login(lead)
    response = _post(client, "credential-authentication-complete", {"id": "abc"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"


def test_a_malformed_authentication_is_refused_clearly(client, lead):
    client.force_login(lead)
    assert _post(client, "credential-authentication-begin", {}).status_code == 200
    response = _post(client, "credential-authentication-complete", {"id": "abc", "response": 3})
    assert 400 <= response.status_code < 500


def test_no_passwordless_login(client):
    response = _post(client, "credential-authentication-begin", {})
    assert response.status_code == 403


def test_a_person_with_an_app_verifies_before_adding_a_passkey(client, lead):
    device = app_for(lead)
    client.force_login(lead)
    response = _post(client, "credential-registration-begin", {})
    assert response.status_code == 403
    page = client.get(reverse("twofactor:passkeys"))
    assert page.status_code == 302
    verify(client, device)
    assert _post(client, "credential-registration-begin", {}).status_code == 200


def test_the_second_step_offers_a_passkey_only_to_who_has_one(client, lead):
    app_for(lead)
    client.force_login(lead)
    html = body(client.get(reverse("twofactor:verify")))
    assert "passkey-verification-button" not in html
    assert 'name="code"' in html
