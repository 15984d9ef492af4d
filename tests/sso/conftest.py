"""A real OpenID Connect provider for the sign-in tests: the npm package
``oidc-provider`` (pinned in package.json, installed by ``make front-deps``), started by
``tests/sso/provider.mjs`` on a free loopback port for the whole test session.

The fixture makes the provider's signing key, so tests can also sign ID tokens with
it (an expired token, a wrong audience) or with another key (a forged token).
"""

import json
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey

from sso import providers

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider"
PORTAL = "http://testserver"
SECRET = "portal-secret-for-tests"
ACCOUNTS = {
    "an": {
        "email": "an.peeters@ocmw.example",
        "email_verified": True,
        "given_name": "An",
        "family_name": "Peeters",
    },
    "karin": {"email": "Karin@VZW.example", "email_verified": True, "given_name": "Karin"},
    "bert": {"email": "bert@vzw.example", "email_verified": False, "given_name": "Bert"},
}


@dataclass
class RunningProvider:
    issuer: str
    signing_key: RSAKey
    client_key_file: Path

    def settings(self, name="test", **extra):
        """One entry of ``OIDC_PROVIDERS`` for a client of this provider."""
        entry = {
            "name": name,
            "label": "Testorganisatie",
            "issuer": self.issuer,
            "client_id": "portal",
            "client_secret": SECRET,
        }
        if name == "jwt":
            entry.update(
                client_id="portal-jwt", client_secret="", private_key_file=str(self.client_key_file)
            )
        entry.update(extra)
        return entry


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _key(kid):
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


def _config(port, signing_key, client_key):
    return {
        "port": port,
        "issuer": f"http://127.0.0.1:{port}",
        "jwks": {"keys": [signing_key.as_dict(private=True)]},
        "accounts": ACCOUNTS,
        "clients": [
            {
                "client_id": "portal",
                "client_secret": SECRET,
                "redirect_uris": [f"{PORTAL}/accounts/sso/test/callback/"],
                "token_endpoint_auth_method": "client_secret_basic",
            },
            {
                "client_id": "portal-jwt",
                "redirect_uris": [f"{PORTAL}/accounts/sso/jwt/callback/"],
                "token_endpoint_auth_method": "private_key_jwt",
                "token_endpoint_auth_signing_alg": "RS256",
                "jwks": {"keys": [client_key.as_dict(private=False)]},
            },
        ],
    }


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node = shutil.which("node")
    if not node or not PACKAGE.exists():
        pytest.fail("Node.js or oidc-provider is missing: run `make front-deps`")
    work = tmp_path_factory.mktemp("oidc")
    port = _free_port()
    signing_key, client_key = _key("provider-key"), _key("portal-key")
    client_key_file = work / "portal-key.json"
    client_key_file.write_text(json.dumps(client_key.as_dict(private=True)))
    config = work / "provider.json"
    config.write_text(json.dumps(_config(port, signing_key, client_key)))
    log = work / "provider.log"
    with log.open("w") as errors:
        process = subprocess.Popen(
            [node, str(SCRIPT), str(config)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
        )
    try:
        if process.stdout.readline().strip() != "ready":
            pytest.fail(f"oidc-provider did not start: {log.read_text()}")
        yield RunningProvider(f"http://127.0.0.1:{port}", signing_key, client_key_file)
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """The portal configured with the test provider (client_secret_basic) and the same
    provider through a second client (private_key_jwt)."""
    settings.OIDC_PROVIDERS = [oidc_provider.settings("test"), oidc_provider.settings("jwt")]
    return settings


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
PROMPT = re.compile(r'name="prompt" value="(\w+)"')


def through_provider(url, account):
    """Follow the provider's redirects and answer its forms with plain HTTP, as a
    browser would, until it sends the browser back to the portal: that URL."""
    browser = requests.Session()
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _step in range(20):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith(PORTAL):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        assert response.status_code == 200, response.text
        action = urljoin(response.url, FORM_ACTION.search(response.text).group(1))
        prompt = PROMPT.search(response.text).group(1)
        data = {"prompt": prompt, "login": account, "password": "any"}
        response = browser.post(action, data=data, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")


def sign_in(client, account, name="test", next_url=""):
    """A whole sign-in: the button, the provider, the way back. Returns the portal's
    last response (not followed)."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"/nl/accounts/sso/{name}/{query}")
    assert response.status_code == 302, response
    assert response["Location"].startswith(providers.get(name).issuer)
    back = through_provider(response["Location"], account)
    return client.get(back.removeprefix(PORTAL)), back


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
