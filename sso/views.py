"""The two steps of a sign-in: off to the provider, and back.

The way back (``sso_callback``) has no language prefix: it is the one redirect URL
registered at the provider. The language of the way there is kept in the session.
"""

import logging

from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from joserfc.errors import JoseError
from requests import RequestException

from . import providers
from .accounts import Refused, identity_for
from .backends import SSO_BACKEND
from .logout import BadLogoutToken, end_sessions, remember_session, validated_claims

logger = logging.getLogger(__name__)
SESSION_NEXT = "sso_next"
SESSION_LANGUAGE = "sso_language"
# Whatever a provider, a network or a token can do wrong: a message, never a 500.
FAILED = (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError)


def _provider(name):
    provider = providers.get(name)
    if provider is None:
        raise Http404
    return provider


def redirect_uri(provider):
    path = reverse("sso_callback", args=[provider.name])
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _back_to_login(request, message):
    messages.error(request, message)
    target = reverse("login")
    next_url = request.session.get(SESSION_NEXT)
    return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


def _unreachable(provider):
    return _(
        "Aanmelden met %(label)s lukt nu niet: we kunnen je organisatie niet bereiken. "
        "Probeer het later opnieuw, of meld je aan met je wachtwoord."
    ) % {"label": provider.label}


@never_cache
def start(request, name):
    provider = _provider(name)
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    request.session[SESSION_LANGUAGE] = translation.get_language()
    try:
        return providers.client(provider).authorize_redirect(request, redirect_uri(provider))
    except (RequestException, *FAILED):
        logger.warning("OpenID Connect provider %s unreachable", provider.name, exc_info=True)
        return _back_to_login(request, _unreachable(provider))


def _sign_in(request, provider):
    client = providers.client(provider)
    # Authlib checks the audience only when told to (``azp`` alone is not enough).
    token = client.authorize_access_token(
        request,
        claims_options={
            "iss": {"essential": True, "values": [provider.issuer]},
            "aud": {"essential": True, "values": [provider.client_id]},
        },
    )
    claims = token.get("userinfo")
    if not claims:
        raise KeyError("no validated ID token")
    claims = dict(claims)
    if "email" not in claims or provider.email_verified_claim not in claims:
        # Claims the ID token leaves to the userinfo endpoint, for the same subject.
        extra = client.userinfo(token=token)
        if extra.get("sub") != claims["sub"]:
            raise KeyError("userinfo for another subject")
        claims = {**extra, **claims}
    return identity_for(provider, claims), claims.get("sid")


@never_cache
def callback(request, name):
    provider = _provider(name)
    with translation.override(request.session.get(SESSION_LANGUAGE) or settings.LANGUAGE_CODE):
        try:
            identity, sid = _sign_in(request, provider)
        except Refused as refused:
            return _back_to_login(request, refused.message)
        except RequestException:
            logger.warning("OpenID Connect provider %s unreachable", provider.name, exc_info=True)
            return _back_to_login(request, _unreachable(provider))
        except FAILED:
            logger.warning("OpenID Connect sign-in refused (%s)", provider.name, exc_info=True)
            return _back_to_login(
                request,
                _("Aanmelden met %(label)s is niet gelukt. Probeer het opnieuw.")
                % {"label": provider.label},
            )
        next_url = request.session.pop(SESSION_NEXT, "") or resolve_url(settings.LOGIN_REDIRECT_URL)
        login(request, identity.user, backend=SSO_BACKEND)
        remember_session(identity, request.session.session_key, sid)
        return redirect(next_url)


@csrf_exempt
@require_POST
@never_cache
def backchannel_logout(request, name):
    """OpenID Connect Back-Channel Logout: the provider posts a ``logout_token``."""
    provider = _provider(name)
    try:
        claims = validated_claims(provider, request.POST.get("logout_token"))
    except BadLogoutToken as refused:
        logger.warning("Back-channel logout refused (%s): %s", provider.name, refused)
        return HttpResponseBadRequest(str(refused), content_type="text/plain")
    except (RequestException, RuntimeError, *FAILED):
        logger.warning("Back-channel logout: provider %s unreachable", provider.name, exc_info=True)
        return HttpResponseBadRequest("provider keys unavailable", content_type="text/plain")
    end_sessions(provider, claims)
    return HttpResponse(status=200)
