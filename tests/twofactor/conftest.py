"""Fixtures for the second factor: the working-group people (tests/werkgroepen), an
editor, a translator, and helpers that set up a device and compute its codes."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import roles
from tests.portal.factories import UserFactory
from tests.werkgroepen.conftest import (  # noqa: F401 -- fixtures
    index_page,
    lead,
    member,
    other_member,
    other_space,
    pdf_upload,
    space,
    space_document,
)
from twofactor import devices


@pytest.fixture
def editor(role_groups):
    return UserFactory(username="redacteur-test", groups=[roles.REDACTEUR])


@pytest.fixture
def translator(role_groups):
    return UserFactory(username="vertaler-test", groups=[roles.VERTALER])


@pytest.fixture
def enforced(settings):
    settings.PORTAL_REQUIRE_2FA = True
    return settings


def code_for(device, steps_ahead=0):
    """The code ``device``'s app shows now (or ``steps_ahead`` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def app_for(user):
    return TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=True)


def with_recovery_codes(user):
    return devices.make_recovery_codes(user)


def verify(client, device, steps_ahead=0):
    """Take the second step in ``client``'s session with ``device``'s code."""
    return client.post(
        "/nl/accounts/beveiliging/tweede-stap/", {"code": code_for(device, steps_ahead)}
    )


def body(response):
    return response.content.decode()
