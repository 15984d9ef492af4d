"""A real OpenID Connect provider for the tests: the npm package ``oidc-provider``
(pinned in package.json, installed by ``make front-deps``), started by
``tests/sso/provider.mjs`` on a free loopback port. Shared by ``tests/sso`` (the
portal is Django's test client, ``http://testserver``) and ``tests/browser`` (the
portal is a gunicorn on loopback): ``running_provider(folder, portal_url)``.

The provider's signing key is made here, so tests can also sign tokens with it (an
expired token, a wrong audience) or with another key (a forged token). Back-channel
logout is on: the provider posts its logout tokens to a small recorder on loopback
(``RunningProvider.logout_tokens``), from where a test hands them to the portal.
"""

import json
import shutil
import socket
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from joserfc.jwk import RSAKey

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider"
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
    # The demo account "buitenstaander" (Pieter Maes), for the browser test.
    "pieter": {
        "email": "buitenstaander@netwerkportaal.example",
        "email_verified": True,
        "given_name": "Pieter",
        "family_name": "Maes",
    },
}


@dataclass
class RunningProvider:
    issuer: str
    signing_key: RSAKey
    client_key_file: Path
    logout_tokens: list = field(default_factory=list)  # (client path, token), oldest first

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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _key(kid):
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


def _config(port, signing_key, client_key, portal, recorder):
    def client(name, **options):
        return {
            "redirect_uris": [f"{portal}/accounts/sso/{name}/callback/"],
            "backchannel_logout_uri": f"{recorder}/{name}",
            "backchannel_logout_session_required": True,
            **options,
        }

    return {
        "port": port,
        "issuer": f"http://127.0.0.1:{port}",
        "jwks": {"keys": [signing_key.as_dict(private=True)]},
        "accounts": ACCOUNTS,
        "clients": [
            client(
                "test",
                client_id="portal",
                client_secret=SECRET,
                token_endpoint_auth_method="client_secret_basic",
            ),
            client(
                "jwt",
                client_id="portal-jwt",
                token_endpoint_auth_method="private_key_jwt",
                token_endpoint_auth_signing_alg="RS256",
                jwks={"keys": [client_key.as_dict(private=False)]},
            ),
        ],
    }


def _recorder(tokens):
    """An HTTP server that keeps every ``logout_token`` posted to it."""

    class Recorder(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            for token in parse_qs(body).get("logout_token", []):
                tokens.append((self.path.strip("/"), token))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def running_provider(folder, portal):
    """Start the provider for a portal at ``portal`` (its base URL); yield a
    ``RunningProvider``; stop it."""
    node = shutil.which("node")
    if not node or not PACKAGE.exists():
        pytest.fail("Node.js or oidc-provider is missing: run `make front-deps`")
    port = free_port()
    signing_key, client_key = _key("provider-key"), _key("portal-key")
    client_key_file = Path(folder) / "portal-key.json"
    client_key_file.write_text(json.dumps(client_key.as_dict(private=True)))
    running = RunningProvider(f"http://127.0.0.1:{port}", signing_key, client_key_file)
    recorder = _recorder(running.logout_tokens)
    recorder_url = f"http://127.0.0.1:{recorder.server_address[1]}"
    config = Path(folder) / "provider.json"
    config.write_text(json.dumps(_config(port, signing_key, client_key, portal, recorder_url)))
    log = Path(folder) / "provider.log"
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
        yield running
    finally:
        process.kill()
        process.wait(timeout=10)
        process.stdout.close()
        recorder.shutdown()
        recorder.server_close()
