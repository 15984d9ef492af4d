"""The real OpenID Connect provider (``tests/sso/provider.py``) for the sign-in tests,
with the portal as Django's test client (``http://testserver``), and the steps of a
sign-in through it."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from sso import providers
from tests.sso.provider import free_port, running_provider

PORTAL = "http://testserver"
__all__ = ["free_port", "sign_in", "through_provider"]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), PORTAL) as provider:
        yield provider


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """The portal configured with the test provider (client_secret_basic) and the same
    provider through a second client (private_key_jwt)."""
    settings.OIDC_PROVIDERS = [oidc_provider.settings("test"), oidc_provider.settings("jwt")]
    return settings


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
PROMPT = re.compile(r'name="prompt" value="(\w+)"')


def through_provider(url, account, browser=None):
    """Follow the provider's redirects and answer its forms with plain HTTP, as a
    browser would, until it sends the browser back to the portal: that URL.
    ``browser``: a ``requests.Session`` that keeps the provider's cookies."""
    browser = browser or requests.Session()
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


def sign_in(client, account, name="test", next_url="", browser=None):
    """A whole sign-in: the button, the provider, the way back. Returns the portal's
    last response (not followed) and the URL the provider sent back to."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"/nl/accounts/sso/{name}/{query}")
    assert response.status_code == 302, response
    assert response["Location"].startswith(providers.get(name).issuer)
    back = through_provider(response["Location"], account, browser)
    return client.get(back.removeprefix(PORTAL)), back


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
