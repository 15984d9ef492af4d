"""A person's second factors, kept in django-otp's own device models.

- an authenticator app: ``TOTPDevice`` (made unconfirmed when the set-up page opens,
  confirmed when a first code is right);
- a passkey: django-otp-webauthn's ``WebAuthnCredential``;
- recovery codes: one ``StaticDevice`` with ``RECOVERY_CODES`` one-time codes.

Kinds have a short name used in URLs and in the access log: "app", "passkey",
"recovery".
"""

from base64 import b32encode

import segno
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.utils import get_credential_model

RECOVERY_CODES = 10
RECOVERY_NAME = "Herstelcodes"
KIND_LABELS = {
    "app": _("App op je telefoon"),
    "passkey": _("Toegangssleutel"),
    "recovery": _("Herstelcodes"),
}


def passkey_model():
    return get_credential_model()


def kind_of(device):
    if isinstance(device, TOTPDevice):
        return "app"
    if isinstance(device, StaticDevice):
        return "recovery"
    return "passkey"


def model_for(kind):
    return {"app": TOTPDevice, "passkey": passkey_model(), "recovery": StaticDevice}.get(kind)


def own_devices(user):
    """The person's confirmed devices, recovery codes last."""
    found = list(devices_for_user(user, confirmed=True))
    return sorted(found, key=lambda device: kind_of(device) == "recovery")


def has_main_device(user):
    """An app or a passkey (recovery codes alone are no second factor)."""
    return any(kind_of(device) != "recovery" for device in devices_for_user(user))


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def codes_left(user):
    device = recovery_device(user)
    return device.token_set.count() if device else 0


# --- an authenticator app ------------------------------------------------------------


def pending_app(user):
    """The app being set up (unconfirmed), made when missing: reloading the set-up page
    shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="App", confirmed=False)


def secret_text(device):
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The app's set-up link as an inline SVG QR code (no external request)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=str(_("QR-code voor je app"))
    )


@transaction.atomic
def confirm_app(device, name):
    device.name = (name or "").strip()[:64] or "App"
    device.confirmed = True
    device.save(update_fields=["name", "confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


# --- recovery codes --------------------------------------------------------------------


def display_code(token):
    return f"{token[:4]}-{token[4:]}"


def normalise_code(text):
    return "".join((text or "").split()).replace("-", "").lower()


@transaction.atomic
def make_recovery_codes(user):
    """New recovery codes; the old ones stop working. Returns the codes to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [display_code(token) for token in tokens]


# --- removing --------------------------------------------------------------------------


@transaction.atomic
def remove(device):
    """Remove one device; with the last app or passkey the recovery codes go too (alone
    they are no second factor). Returns the kinds removed."""
    user = device.user
    removed = [kind_of(device)]
    device.delete()
    if not has_main_device(user) and StaticDevice.objects.filter(user=user).exists():
        StaticDevice.objects.filter(user=user).delete()
        removed.append("recovery")
    return removed


@transaction.atomic
def remove_all(user):
    """Every device of ``user``, confirmed or not (the coordinator's reset)."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)
