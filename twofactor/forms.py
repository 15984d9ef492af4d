"""Forms of the second step: a code from the app, or a recovery code.

django-otp checks the codes: a TOTP code works once (``last_t``), a recovery code is
deleted when used, and failed attempts make each device wait longer before it checks
again (``ThrottlingMixin``). The form turns each outcome into one plain sentence.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.devices import normalise_code

WRONG_CODE = _("Die code klopt niet. Kijk in je app en typ de nieuwe code.")
WRONG_RECOVERY = _("Die herstelcode klopt niet, of je hebt ze al gebruikt.")
TOO_MANY = _("Te veel foute pogingen na elkaar. Wacht even en probeer dan opnieuw.")


def _code_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


def _throttled(devices):
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def _check(devices, token):
    """The device that accepts ``token``, None, or "throttled"."""
    with transaction.atomic():
        locked = [type(d).objects.select_for_update().get(pk=d.pk) for d in devices]
        if _throttled(locked):
            return "throttled"
        for device in locked:
            if device.verify_token(token):
                return device
    return None


class VerifyForm(forms.Form):
    """One field for both: six digits from the app, or a recovery code."""

    code = _code_field(
        _("Code"),
        _("De 6 cijfers uit je app, of een herstelcode zoals abcd-efgh."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        text = normalise_code(self.cleaned_data["code"])
        if text.isdigit() and len(text) == 6:
            devices = list(TOTPDevice.objects.filter(user=self.user, confirmed=True))
            wrong = WRONG_CODE
        else:
            devices = list(StaticDevice.objects.filter(user=self.user, confirmed=True))
            wrong = WRONG_RECOVERY
        found = _check(devices, text) if devices else None
        if found == "throttled":
            raise forms.ValidationError(TOO_MANY, code="throttled")
        if found is None:
            raise forms.ValidationError(wrong, code="wrong")
        self.device = found
        return text


class AppSetupForm(forms.Form):
    name = forms.CharField(
        label=_("Naam voor deze app (mag leeg)"),
        help_text=_("Bijvoorbeeld: mijn telefoon."),
        max_length=64,
        required=False,
    )
    code = _code_field(_("Code uit je app"), _("Typ de 6 cijfers die je app nu toont."))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        text = normalise_code(self.cleaned_data["code"])
        found = _check([self.device], text) if text.isdigit() else None
        if found == "throttled":
            raise forms.ValidationError(TOO_MANY, code="throttled")
        if found is None:
            raise forms.ValidationError(WRONG_CODE, code="wrong")
        return text
