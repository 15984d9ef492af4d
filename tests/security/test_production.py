"""Production-only pieces: documents handed to nginx (X-Accel-Redirect) when switched
on, never by default; security headers on every kind of response."""

import re

import pytest
from django.urls import reverse
from wagtail.utils import sendfile as wagtail_sendfile

from tests.security.conftest import as_user, assert_no_secret, who


@pytest.fixture
def x_accel(settings):
    settings.PORTAL_X_ACCEL_REDIRECT_PREFIX = "/_private/"
    settings.SENDFILE_BACKEND = "access.sendfile_nginx"
    wagtail_sendfile._get_sendfile.clear()
    yield
    wagtail_sendfile._get_sendfile.clear()


def doc_url(document):
    return reverse("wagtaildocs_serve", args=[document.pk, document.filename])


def test_x_accel_is_off_by_default(client, world, settings):
    assert settings.PORTAL_X_ACCEL_REDIRECT_PREFIX == ""
    assert not hasattr(settings, "SENDFILE_BACKEND")
    response = as_user(client, who(world, "member_a")).get(doc_url(world["doc_a"]))
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_with_x_accel_a_member_gets_an_internal_redirect_and_no_bytes(client, world, x_accel):
    document = world["doc_a"]
    response = as_user(client, who(world, "member_a")).get(doc_url(document))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{document.file.name}"
    assert response.content == b""
    assert (
        "attachment" in response["Content-Disposition"]
        or "inline" in (response["Content-Disposition"])
    )
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["anonymous", "outsider", "member_b"])
def test_with_x_accel_outsiders_get_no_internal_redirect(client, world, x_accel, name):
    response = as_user(client, who(world, name)).get(doc_url(world["doc_a"]))
    assert response.status_code in (302, 403, 404)
    assert "X-Accel-Redirect" not in response
    assert_no_secret(response, "doc_a")


def test_with_x_accel_a_file_outside_the_private_storage_is_never_handed_out(
    rf, settings, x_accel, tmp_path
):
    from django.http import Http404

    from access.sendfile_nginx import sendfile

    outside = tmp_path / "elders.txt"
    outside.write_text("geheim")
    with pytest.raises(Http404):
        sendfile(rf.get("/"), str(outside))
    with pytest.raises(Http404):
        sendfile(rf.get("/"), str(settings.PRIVATE_MEDIA_ROOT) + "/../elders.txt")


@pytest.mark.parametrize(
    "url_of",
    [
        lambda w: w["public"].url,
        lambda w: w["kennisbank"].url,
        lambda w: "/nl/zoeken/?q=methode",
        lambda w: "/nl/accounts/login/",
        lambda w: w["index"].url,
    ],
)
def test_every_kind_of_public_page_sends_the_security_headers(client, world, url_of):
    response = client.get(url_of(world))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handler"
