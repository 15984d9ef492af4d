"""A person's own account: a forgotten password, a new password, their name.

Django's own views and forms (``django.contrib.auth``), subclassed where the portal
needs more:

- the reset mail comes in the account's mail language (``core.mail``) and links to
  ``WAGTAILADMIN_BASE_URL``; every address gets the same answer, known or not, and
  only active accounts with a password get a mail (Django's rule), and only accounts
  the authentication backends let sign in (``get_users``);
- requests are throttled per visitor address and per e-mail address
  (``PORTAL_PASSWORD_RESETS_PER_HOUR``): over the limit, nothing is sent and the
  page says to try again later;
- a reset link that is used, expired or altered gets Django's "invalid link" page in
  our words; the token leaves the address bar after the first visit (Django's
  confirm view), so it never reaches another site in a referrer.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_backends, get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import UpdateView

from core.mail import mail_language_of

from .security import client_ip

RESET_WINDOW_SECONDS = 3600


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=gettext_lazy("Je e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        """Django's rule, and only accounts every backend would let sign in
        (``user_can_authenticate``: not, for one, an organisation that signs in only
        through its own provider)."""
        backends = [b for b in get_backends() if hasattr(b, "user_can_authenticate")]
        for user in super().get_users(email):
            if all(backend.user_can_authenticate(user) for backend in backends):
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Django's mail, written in the language the account chose for mails."""
        user = context["user"]
        language = mail_language_of([user])[user.pk]
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


def _over_limit(request, email):
    """Count this request; True when the visitor or the address asked too often."""
    limit = getattr(settings, "PORTAL_PASSWORD_RESETS_PER_HOUR", 5)
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    over = False
    for who in (f"ip:{client_ip(request)}", f"email:{address}"):
        key = f"portal:password-reset:{who}"
        cache.add(key, 0, RESET_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RESET_WINDOW_SECONDS)
            count = 1
        over = over or count > limit
    return over


def _notice(heading, *lines, action_label=None, role="status"):
    """Context of ``registration/notice.html``; the one way on is the login page."""
    return {
        "heading": heading,
        "lines": lines,
        "action_label": action_label or gettext_lazy("Terug naar aanmelden"),
        "action_url": reverse_lazy("login"),
        "role": role,
    }


MAIL_SENT = _notice(
    gettext_lazy("Kijk in je mailbox"),
    gettext_lazy(
        "Hoort dit e-mailadres bij een account, dan krijg je binnen enkele minuten een mail "
        "met een link. De link werkt één keer, en een dag lang."
    ),
    gettext_lazy(
        "Geen mail gekregen? Kijk ook bij ongewenste mail, of vraag hulp aan de netwerkcoördinator."
    ),
)
PASSWORD_CHANGED = _notice(
    gettext_lazy("Je wachtwoord is veranderd"),
    gettext_lazy("Je kan je nu aanmelden met je nieuwe wachtwoord."),
    action_label=gettext_lazy("Aanmelden"),
)
ASKED_TOO_OFTEN = _notice(
    gettext_lazy("Even wachten"),
    gettext_lazy(
        "Er werd vaak een nieuwe link gevraagd. Probeer het over een uur opnieuw, of vraag "
        "hulp aan de netwerkcoördinator."
    ),
    role="alert",
)


class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = None

    def form_valid(self, form):
        if _over_limit(self.request, form.cleaned_data["email"]):
            return render(self.request, "registration/notice.html", ASKED_TOO_OFTEN, status=429)
        self.extra_email_context = {"base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
        return super().form_valid(form)


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Je nieuwe wachtwoord is bewaard."))
        return response


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        labels = {"first_name": gettext_lazy("Voornaam"), "last_name": gettext_lazy("Achternaam")}


class AccountView(LoginRequiredMixin, UpdateView):
    """The person's own account: their name, and a way to a new password."""

    form_class = NameForm
    template_name = "registration/account.html"
    success_url = reverse_lazy("account")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Je gegevens zijn bewaard."))
        return response


def urls():
    """The account pages, for ``portal.urls`` (inside the language prefix)."""
    return [
        path(
            "accounts/wachtwoord-vergeten/",
            PortalPasswordResetView.as_view(),
            name="password_reset",
        ),
        path(
            "accounts/wachtwoord-vergeten/verstuurd/",
            auth_views.PasswordResetDoneView.as_view(
                template_name="registration/notice.html", extra_context=MAIL_SENT
            ),
            name="password_reset_done",
        ),
        path(
            "accounts/nieuw-wachtwoord/<uidb64>/<token>/",
            PortalPasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            "accounts/nieuw-wachtwoord/klaar/",
            auth_views.PasswordResetCompleteView.as_view(
                template_name="registration/notice.html", extra_context=PASSWORD_CHANGED
            ),
            name="password_reset_complete",
        ),
        path("accounts/mijn-account/", AccountView.as_view(), name="account"),
        path(
            "accounts/mijn-account/wachtwoord/",
            PortalPasswordChangeView.as_view(),
            name="password_change",
        ),
    ]
