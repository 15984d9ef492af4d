"""Setting up, using and removing one's own second factors; bad codes."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.twofactor.conftest import app_for, body, code_for, verify, with_recovery_codes
from twofactor import accesslog

pytestmark = pytest.mark.django_db

VERIFY = "/nl/accounts/beveiliging/tweede-stap/"


def test_setting_up_an_app_shows_a_qr_code_and_the_secret(client, lead):
    client.force_login(lead)
    response = client.get(reverse("twofactor:app"))
    assert response.status_code == 200
    html = body(response)
    assert "<svg" in html and "QR-code voor je app" in html
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in html and secret[4:8] in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    # Reloading shows the same key.
    client.get(reverse("twofactor:app"))
    assert TOTPDevice.objects.filter(user=lead, confirmed=False).count() == 1


def test_a_wrong_code_keeps_the_app_unconfirmed_with_a_clear_message(client, lead):
    client.force_login(lead)
    client.get(reverse("twofactor:app"))
    response = client.post(reverse("twofactor:app"), {"name": "Mijn gsm", "code": "000000"})
    assert response.status_code == 200
    assert "Die code klopt niet" in body(response)
    assert 'value="Mijn gsm"' in body(response)  # nothing typed is lost
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


def test_a_right_code_confirms_the_app_and_shows_recovery_codes_once(client, lead):
    client.force_login(lead)
    client.get(reverse("twofactor:app"))
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    response = client.post(reverse("twofactor:app"), {"name": "Mijn gsm", "code": code_for(device)})
    assert response.status_code == 302
    assert response.url.startswith(reverse("twofactor:recovery"))
    device.refresh_from_db()
    assert device.confirmed and device.name == "Mijn gsm"
    shown = client.get(response.url)
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", body(shown))
    assert len(codes) == 10
    assert "Je ziet ze maar één keer" in body(shown)
    again = client.get(response.url)
    assert codes[0] not in body(again)
    assert "nog 10 herstelcodes" in body(again)
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {accesslog.DEVICE_ADDED, accesslog.RECOVERY_CODES_MADE} <= actions
    entry = ModelLogEntry.objects.get(action=accesslog.DEVICE_ADDED)
    assert entry.data == {"person_id": lead.pk, "by_id": lead.pk, "kind": "app"}
    assert device.key not in str(entry.data)


def test_a_second_app_needs_the_second_step_first(client, lead):
    app_for(lead)
    client.force_login(lead)
    response = client.get(reverse("twofactor:app"))
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_a_used_app_code_does_not_work_twice(client, lead):
    device = app_for(lead)
    client.force_login(lead)
    first = verify(client, device)
    assert first.status_code == 302
    client.logout()
    client.force_login(lead)
    again = verify(client, device)
    assert again.status_code == 200
    assert "Die code klopt niet" in body(again)


def test_a_recovery_code_works_once(client, lead, settings):
    app_for(lead)
    codes = with_recovery_codes(lead)
    client.force_login(lead)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=lead).count() == 9
    client.logout()
    client.force_login(lead)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "Die herstelcode klopt niet, of je hebt ze al gebruikt." in body(again)


def test_a_wrong_recovery_code_gets_a_clear_message(client, lead):
    app_for(lead)
    with_recovery_codes(lead)
    client.force_login(lead)
    response = client.post(VERIFY, {"code": "aaaa-aaaa"})
    assert response.status_code == 200
    assert "Die herstelcode klopt niet" in body(response)


@pytest.mark.parametrize("code", ["", "12", "x" * 19, "<script>", "١٢٣٤٥٦", "123 456 789"])
def test_any_typed_code_gets_a_message_not_an_error(client, lead, code):
    app_for(lead)
    client.force_login(lead)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert 'class="field__error"' in body(response)


def test_too_many_attempts_are_refused_even_with_the_right_code(client, lead):
    device = app_for(lead)
    client.force_login(lead)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    response = verify(client, device)
    assert response.status_code == 200
    assert "Te veel foute pogingen" in body(response)
    device.refresh_from_db()
    # Attempts while the device waits are refused without being checked.
    assert device.throttling_failure_count == 1
    assert device.last_t == -1


def test_removing_a_device_needs_a_fresh_second_step(client, lead):
    device = app_for(lead)
    other = TOTPDevice.objects.create(user=lead, name="Tablet", confirmed=True)
    client.force_login(lead)
    url = reverse("twofactor:remove", args=["app", other.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert verify(client, device).status_code == 302
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Tablet" in body(confirm)
    done = client.post(url)
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(pk=other.pk).exists()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert ModelLogEntry.objects.filter(action=accesslog.DEVICE_REMOVED).count() == 1


def test_removing_the_last_app_takes_the_recovery_codes_too(client, lead):
    device = app_for(lead)
    with_recovery_codes(lead)
    client.force_login(lead)
    verify(client, device)
    url = reverse("twofactor:remove", args=["app", device.pk])
    assert "laatste app" in body(client.get(url))
    client.post(url)
    assert not StaticDevice.objects.filter(user=lead).exists()


def test_nobody_reaches_anothers_device(client, lead, member):
    mine = app_for(member)
    theirs = app_for(lead)
    client.force_login(member)
    verify(client, mine)
    for kind, pk in (("app", theirs.pk), ("recovery", 1), ("iets", theirs.pk)):
        response = client.get(reverse("twofactor:remove", args=[kind, pk]))
        assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_the_security_page_lists_only_ones_own_devices(client, lead, member):
    app_for(member)
    TOTPDevice.objects.create(user=lead, name="Telefoon van Koen", confirmed=True)
    client.force_login(member)
    html = body(client.get(reverse("twofactor:security")))
    assert "Telefoon" in html
    assert "Telefoon van Koen" not in html


def test_new_recovery_codes_replace_the_old_ones(client, lead):
    device = app_for(lead)
    old = with_recovery_codes(lead)
    client.force_login(lead)
    verify(client, device)
    response = client.post(reverse("twofactor:recovery"))
    assert response.status_code == 302
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", body(client.get(response.url)))
    assert len(new) == 10 and not set(new) & set(old)
    client.logout()
    client.force_login(lead)
    assert "klopt niet" in body(client.post(VERIFY, {"code": old[1]}))


def test_the_pages_need_a_login(client):
    for name in ("security", "verify", "app", "passkeys", "recovery"):
        response = client.get(reverse(f"twofactor:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
