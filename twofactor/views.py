"""The person's own pages: the second step, "Beveiliging" and setting up a factor.

Every page is for the signed-in person only and about their own devices; a device of
someone else is a 404. Pages that show a secret (the QR code, recovery codes) are
never cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from twofactor import accesslog, devices
from twofactor.forms import AppSetupForm, VerifyForm
from twofactor.policy import (
    enforced,
    is_fresh,
    is_verified,
    mark_fresh,
    must_use_second_factor,
    with_next,
)

NEW_CODES = "twofactor_new_codes"
private = [never_cache, login_required]


def safe_next(request):
    """The ``next`` the request carries, when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _go_on(request, next_url=None):
    return redirect(next_url or safe_next(request) or reverse("twofactor:security"))


def _verify_first(request):
    """Adding a factor to an account that has one needs that one first."""
    if user_has_device(request.user) and not is_verified(request.user):
        messages.info(request, _("Doe eerst de tweede stap met wat je al hebt."))
        return redirect(with_next(reverse("twofactor:verify"), request.get_full_path()))
    return None


def _after_first_factor(request, kind):
    """Log a new device; the first one also gets recovery codes, shown once."""
    user = request.user
    accesslog.device_added(user, user, kind)
    if devices.recovery_device(user) is None:
        request.session[NEW_CODES] = devices.make_recovery_codes(user)
        accesslog.recovery_codes_made(user, user)
        return with_next(reverse("twofactor:recovery"), safe_next(request))
    return None


@method_decorator(private, name="dispatch")
class SecurityView(View):
    """ "Beveiliging": the person's devices, and the way to add one."""

    def get(self, request):
        user = request.user
        own = devices.own_devices(user)
        rows = [
            {
                "device": device,
                "kind": devices.kind_of(device),
                "label": devices.KIND_LABELS[devices.kind_of(device)],
            }
            for device in own
        ]
        context = {
            "rows": rows,
            "must": must_use_second_factor(user),
            "enforced": enforced(),
            "has_device": bool(own),
            "codes_left": devices.codes_left(user),
            "next": safe_next(request),
        }
        return render(request, "twofactor/security.html", context)


@method_decorator(private, name="dispatch")
class AppSetupView(View):
    def dispatch(self, request, *args, **kwargs):
        return _verify_first(request) or super().dispatch(request, *args, **kwargs)

    def _render(self, request, device, form):
        context = {
            "form": form,
            "qr_svg": devices.qr_svg(device),
            "secret": devices.secret_text(device),
            "next": safe_next(request),
        }
        return render(request, "twofactor/app_setup.html", context)

    def get(self, request):
        device = devices.pending_app(request.user)
        return self._render(request, device, AppSetupForm(device=device))

    def post(self, request):
        device = devices.pending_app(request.user)
        form = AppSetupForm(request.POST, device=device)
        if not form.is_valid():
            return self._render(request, device, form)
        devices.confirm_app(device, form.cleaned_data["name"])
        otp_login(request, device)
        mark_fresh(request)
        messages.success(request, _("Je app is klaar. Voortaan vragen we een code uit je app."))
        return _go_on(request, _after_first_factor(request, "app"))


@method_decorator(private, name="dispatch")
class PasskeysView(View):
    def dispatch(self, request, *args, **kwargs):
        return _verify_first(request) or super().dispatch(request, *args, **kwargs)

    def get(self, request):
        passkeys = devices.passkey_model().objects.filter(user=request.user, confirmed=True)
        context = {"passkeys": passkeys, "next": safe_next(request)}
        return render(request, "twofactor/passkeys.html", context)


@method_decorator(private, name="dispatch")
class RecoveryCodesView(View):
    def get(self, request):
        context = {
            "codes": request.session.pop(NEW_CODES, None),
            "codes_left": devices.codes_left(request.user),
            "has_main": devices.has_main_device(request.user),
            "next": safe_next(request),
        }
        return render(request, "twofactor/recovery_codes.html", context)

    def post(self, request):
        user = request.user
        if not devices.has_main_device(user):
            messages.error(request, _("Stel eerst een app of een toegangssleutel in."))
            return redirect("twofactor:security")
        if not is_verified(user):
            return redirect(with_next(reverse("twofactor:verify"), reverse("twofactor:recovery")))
        request.session[NEW_CODES] = devices.make_recovery_codes(user)
        accesslog.recovery_codes_made(user, user)
        return redirect(with_next(reverse("twofactor:recovery"), safe_next(request)))


@method_decorator(private, name="dispatch")
class VerifyView(View):
    """The second step: a code from the app, a recovery code, or a passkey."""

    def _render(self, request, form):
        user = request.user
        context = {
            "form": form,
            "has_app": devices.model_for("app").objects.filter(user=user, confirmed=True).exists(),
            "has_passkey": devices.passkey_model()
            .objects.filter(user=user, confirmed=True)
            .exists(),
            "next": safe_next(request),
        }
        return render(request, "twofactor/verify.html", context)

    def dispatch(self, request, *args, **kwargs):
        if not user_has_device(request.user):
            return redirect(with_next(reverse("twofactor:security"), safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(request, VerifyForm(user=request.user))

    def post(self, request):
        form = VerifyForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(request, form)
        otp_login(request, form.device)
        mark_fresh(request)
        if devices.kind_of(form.device) == "recovery":
            left = devices.codes_left(request.user)
            messages.warning(
                request,
                _("Je gebruikte een herstelcode. Je hebt er nog %(left)s.") % {"left": left},
            )
        return _go_on(request)


@method_decorator(private, name="dispatch")
class RemoveDeviceView(View):
    """Remove one of your own devices, after a fresh second step."""

    def _device(self, request, kind, pk):
        model = devices.model_for(kind)
        if model is None or kind == "recovery":
            raise Http404
        return get_object_or_404(model, pk=pk, user=request.user, confirmed=True)

    def dispatch(self, request, *args, **kwargs):
        if not is_fresh(request):
            messages.info(
                request, _("Doe eerst opnieuw de tweede stap. Zo weten we dat jij het bent.")
            )
            return redirect(with_next(reverse("twofactor:verify"), request.path))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, kind, pk):
        device = self._device(request, kind, pk)
        context = {
            "device": device,
            "label": devices.KIND_LABELS[kind],
            "last_one": len(
                [d for d in devices.own_devices(request.user) if devices.kind_of(d) != "recovery"]
            )
            == 1,
        }
        return render(request, "twofactor/remove.html", context)

    def post(self, request, kind, pk):
        device = self._device(request, kind, pk)
        for removed in devices.remove(device):
            accesslog.device_removed(request.user, request.user, removed)
        messages.success(request, _("Verwijderd."))
        return redirect("twofactor:security")
