"""The coordinator resets a lost second factor; nobody else can."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.twofactor.conftest import app_for, body, verify, with_recovery_codes
from twofactor import accesslog

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_what_happens_and_resets(client, coordinator, lead):
    app_for(lead)
    with_recovery_codes(lead)
    client.force_login(coordinator)
    url = reverse("twofactor_reset", args=[lead.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = body(page)
    assert "Wat gebeurt er?" in html and "Telefoon" in html
    assert "Het herstel komt in de toegangslog" in html
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lead).exists()
    assert not StaticDevice.objects.filter(user=lead).exists()
    entry = ModelLogEntry.objects.get(action=accesslog.RESET)
    assert entry.user_id == coordinator.pk
    assert entry.object_id == str(lead.pk)
    assert entry.data == {"person_id": lead.pk, "by_id": coordinator.pk, "removed": 2}


def test_after_a_reset_the_lead_sets_up_a_new_factor(client, enforced, coordinator, lead, space):
    app_for(lead)
    client.force_login(coordinator)
    verify(client, app_for(coordinator))
    client.post(reverse("twofactor_reset", args=[lead.pk]))
    client.force_login(lead)
    response = client.get(space.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("twofactor:security"))


def test_the_user_list_offers_the_reset_to_coordinators(client, coordinator, lead):
    client.force_login(coordinator)
    response = client.get(reverse("wagtailusers_users:index"))
    assert reverse("twofactor_reset", args=[lead.pk]) in body(response)


@pytest.mark.parametrize("who", ["lead", "editor", "member"])
def test_nobody_else_reaches_the_reset(request, client, who, coordinator):
    user = request.getfixturevalue(who)
    device = app_for(coordinator)
    client.force_login(user)
    url = reverse("twofactor_reset", args=[coordinator.pk])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Wat gebeurt er?" not in body(response)
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not ModelLogEntry.objects.filter(action=accesslog.RESET).exists()


def test_a_reset_of_someone_unknown_is_not_found(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("twofactor_reset", args=[987654]))
    # A 404 (which Django's LocaleMiddleware may turn into a redirect), no form.
    assert response.status_code in (302, 404)
    assert "Wat gebeurt er?" not in body(response)
    assert client.post(reverse("twofactor_reset", args=[987654])).status_code in (302, 404)
    assert not ModelLogEntry.objects.filter(action=accesslog.RESET).exists()
