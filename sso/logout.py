"""OpenID Connect Back-Channel Logout 1.0: the provider says a person signed out
there, and the portal ends the sessions that sign-in started.

Each sign-in through a provider records its portal session key with the provider's
session id (``sid``, when the ID token has one) in ``SsoSession``. A logout token
(a JWT the provider signs) is checked with joserfc, the JOSE library Authlib itself
validates ID tokens with: the signature against the provider's JWKS (fetched by
Authlib's client), ``iss``, ``aud``, ``iat``, ``exp``, ``jti``, the back-channel
``events`` member, no ``nonce``, and a ``sid`` or a ``sub``. A ``jti`` seen before is
refused (a replay). The sessions are deleted through Django's session store.
"""

import time
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from . import accesslog, providers
from .models import SsoIdentity, SsoSession

EVENT = "http://schemas.openid.net/event/backchannel-logout"
LEEWAY_SECONDS = 120
MAX_AGE_SECONDS = 600  # an older logout token is refused; so is a replay within this time
JTI_CACHE = "sso:logout-jti:{provider}:{jti}"


class BadLogoutToken(Exception):
    """A logout token the portal does not accept; the message is for the provider."""


def remember_session(identity, session_key, sid):
    """After a sign-in: this portal session belongs to this identity and ``sid``."""
    if session_key:
        SsoSession.objects.create(identity=identity, session_key=session_key, sid=sid or "")


def _decode(provider, token):
    client = providers.client(provider)
    metadata = client.load_server_metadata()
    registry = JWSRegistry(algorithms=metadata.get("id_token_signing_alg_values_supported"))
    try:
        keys = KeySet.import_key_set(client.fetch_jwk_set())
        return jwt.decode(token, keys, registry=registry)
    except InvalidKeyIdError:  # the provider rolled its keys
        keys = KeySet.import_key_set(client.fetch_jwk_set(force=True))
        return jwt.decode(token, keys, registry=registry)


def _check_claims(provider, claims):
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        iat={"essential": True},
        jti={"essential": True},
    )
    registry.validate(claims)  # also exp, when present
    iat = claims["iat"]
    if not isinstance(iat, int) or not (-LEEWAY_SECONDS < int(time.time()) - iat < MAX_AGE_SECONDS):
        raise BadLogoutToken("logout token too old")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(EVENT), dict):
        raise BadLogoutToken("no back-channel logout event")
    if "nonce" in claims:
        raise BadLogoutToken("a logout token has no nonce")
    if not (claims.get("sid") or claims.get("sub")):
        raise BadLogoutToken("no sid and no sub")


def validated_claims(provider, token):
    """The claims of a valid logout token of this provider; raises ``BadLogoutToken``."""
    if not token or not isinstance(token, str):
        raise BadLogoutToken("no logout_token")
    try:
        claims = _decode(provider, token).claims
        _check_claims(provider, claims)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise BadLogoutToken("invalid logout token") from error
    if not cache.add(JTI_CACHE.format(provider=provider.name, jti=claims["jti"]), 1, 3600):
        raise BadLogoutToken("logout token replayed")
    return claims


def _sessions(provider, claims):
    sessions = SsoSession.objects.filter(identity__provider=provider.name)
    if claims.get("sub"):
        sessions = sessions.filter(identity__subject=str(claims["sub"]))
    if claims.get("sid"):
        sessions = sessions.filter(sid=str(claims["sid"]))
    return sessions.select_related("identity__user")


@transaction.atomic
def end_sessions(provider, claims):
    """End the portal sessions of the logout token's ``sid``/``sub``; log it per
    account. Returns the number of sessions ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = {}
    for session in _sessions(provider, claims):
        store().delete(session.session_key)
        ended.setdefault(session.identity_id, []).append(session.pk)
    SsoSession.objects.filter(pk__in=[pk for pks in ended.values() for pk in pks]).delete()
    for identity in SsoIdentity.objects.filter(pk__in=ended).select_related("user"):
        accesslog.backchannel_logout(identity.user, provider.name, len(ended[identity.pk]))
    return sum(len(pks) for pks in ended.values())
