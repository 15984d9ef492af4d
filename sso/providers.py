"""The OpenID Connect providers of ``settings.OIDC_PROVIDERS``, and their Authlib clients.

Each provider is a dict: ``issuer``, ``client_id``, ``client_secret`` (for
``client_secret_basic``) or ``private_key_file`` (an RSA key, PEM or JWK, for
``private_key_jwt``), ``scopes``, ``label`` (the button), ``name`` (the part of the
redirect URL; ``oidc`` by default) and ``email_verified_claim`` (``email_verified``
by default). Discovery, PKCE (S256), the state, the nonce and the ID token checks are
Authlib's.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from authlib.integrations.django_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.utils.text import slugify
from joserfc.jwk import RSAKey

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str = ""
    private_key_file: str = ""
    scopes: str = "openid email profile"
    email_verified_claim: str = "email_verified"

    @property
    def metadata_url(self):
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"

    @property
    def auth_method(self):
        return "private_key_jwt" if self.private_key_file else "client_secret_basic"


def _provider(entry, default_name):
    issuer = entry["issuer"]
    return Provider(
        name=slugify(entry.get("name") or default_name),
        label=entry.get("label") or urlsplit(issuer).hostname or issuer,
        issuer=issuer,
        client_id=entry.get("client_id", ""),
        client_secret=entry.get("client_secret", ""),
        private_key_file=entry.get("private_key_file", ""),
        scopes=entry.get("scopes") or "openid email profile",
        email_verified_claim=entry.get("email_verified_claim") or "email_verified",
    )


def configured():
    """Every configured provider, in the order of the settings."""
    entries = getattr(settings, "OIDC_PROVIDERS", None) or []
    return [
        _provider(entry, "oidc" if index == 0 else f"oidc-{index + 1}")
        for index, entry in enumerate(entries)
    ]


def get(name):
    return next((provider for provider in configured() if provider.name == name), None)


def _private_key(path):
    text = Path(path).read_text()
    data = text
    if text.lstrip().startswith("{"):
        data = json.loads(text)
    return RSAKey.import_key(data)


_clients = {}


def client(provider):
    """Authlib's Django client for this provider (one per configuration, kept: it
    holds the discovery document and the provider's keys once fetched)."""
    if provider not in _clients:
        oauth = OAuth()
        options = {
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "client_auth_methods": None,
        }
        if provider.private_key_file:
            key = _private_key(provider.private_key_file)
            headers = {"kid": key.kid} if key.kid else None
            options["client_secret"] = key
            options["client_auth_methods"] = [PrivateKeyJWT(headers=headers)]
        _clients[provider] = oauth.register(
            name=provider.name,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": provider.auth_method,
                "default_timeout": TIMEOUT_SECONDS,
            },
            **options,
        )
    return _clients[provider]
