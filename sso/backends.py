"""The two ways a person is signed in, as Django authentication backends.

- ``PasswordBackend``: Django's ``ModelBackend`` (username and password), except for
  the accounts of an organisation that signs in only through its own provider
  (``sso.required``): ``user_can_authenticate`` refuses them, so their password no
  longer signs them in and a session that their password started ends. When such a
  person types the right password, the login page says where to sign in instead
  (only then: to anyone else the page says nothing about the account).
- ``SsoBackend``: the sessions the ``sso`` views start after a validated sign-in at
  the provider (``login(request, user, backend=SSO_BACKEND)``). It checks no
  password: ``authenticate`` never signs anyone in.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _

from .required import password_refused

SSO_BACKEND = "sso.backends.SsoBackend"

USE_YOUR_ORGANISATION = _(
    "Je organisatie wil dat je je aanmeldt via je organisatie. Je wachtwoord werkt hier "
    "daarom niet. Klik hieronder op de knop met de naam van je organisatie."
)


class PasswordBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not password_refused(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and request is not None and username and password:
            self._explain(request, username, password)
        return user

    def _explain(self, request, username, password):
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(username)
        except model.DoesNotExist:
            return
        if user.is_active and password_refused(user) and user.check_password(password):
            messages.error(request, USE_YOUR_ORGANISATION, fail_silently=True)


class SsoBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        return None
