"""nginx in front, with deploy/nginx.conf as the docs show it: a document reaches a
member through X-Accel-Redirect after the app's check, an outsider is refused, and the
private folder is never served directly."""

import subprocess
from pathlib import Path

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models.documents import private_storage
from deploy.stack import DEPLOY, NGINX_MAIN, render_nginx_template
from tests.stack.conftest import free_port, need, wait_for_port
from werkgroepen import documents

SECRET = "Geheim verslag van de werkgroep"
# The live server needs committed rows; the rows the migrations made (the root page,
# the locales) are put back after each test for the tests that follow.
STACK_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def private_root(settings):
    """The private storage's folder; the app hands its files to nginx."""
    root = Path(private_storage.location).resolve()
    settings.PRIVATE_MEDIA_ROOT = str(root)
    settings.PORTAL_X_ACCEL_REDIRECT_PREFIX = "/_private/"
    settings.SENDFILE_BACKEND = "access.sendfile_nginx"
    return root


@pytest.fixture
def nginx(live_server, open_folder, private_root):
    """nginx on HTTPS in front of the live server; returns its base URL and cert."""
    folder = open_folder / "nginx"
    (folder / "tmp").mkdir(parents=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [need("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    app_port, port = live_server.url.rsplit(":", 1)[1], free_port()
    site = render_nginx_template(
        (DEPLOY / "nginx.conf").read_text(),
        {
            "PORTAL_APP1_PORT": app_port,
            "PORTAL_APP2_PORT": app_port,
            "PORTAL_LISTEN": f"127.0.0.1:{port}",
            "PORTAL_SERVER_NAME": "localhost",
            "PORTAL_TLS_CERT": cert,
            "PORTAL_TLS_KEY": key,
            "PORTAL_STATIC_ROOT": open_folder / "static",
            "PORTAL_MEDIA_ROOT": open_folder / "media",
            "PORTAL_PRIVATE_MEDIA_ROOT": private_root,
            "PORTAL_PROXY_PARAMS": DEPLOY / "proxy_params.conf",
        },
    )
    (folder / "portal.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        NGINX_MAIN.format(user="user root;", dir=folder, logs=folder, mime="/etc/nginx/mime.types")
    )
    process = subprocess.Popen(
        [need("nginx"), "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield f"https://localhost:{port}", str(cert)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def document(space, member):
    upload = SimpleUploadedFile("verslag.txt", SECRET.encode())
    return documents.create_document(space, upload, member, title="Verslag")


def fetch(nginx, path, user=None, client=None):
    base, cert = nginx
    session = requests.Session()
    session.trust_env = False
    if user is not None:
        client.force_login(user)
        session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session.get(base + path, verify=cert, allow_redirects=False, timeout=30)


@STACK_DB
def test_a_member_gets_the_document_through_nginx(nginx, document, member, client):
    response = fetch(nginx, document.url, member, client)
    assert response.status_code == 200
    assert response.text == SECRET
    assert "X-Accel-Redirect" not in response.headers  # nginx consumed it
    assert "private" in response.headers["Cache-Control"]
    assert "no-store" in response.headers["Cache-Control"]


@STACK_DB
def test_an_outsider_is_refused_the_document(nginx, document, other_member, client):
    response = fetch(nginx, document.url, other_member, client)
    assert response.status_code in (302, 403, 404)
    assert SECRET not in response.text
    anonymous = fetch(nginx, document.url)
    assert anonymous.status_code in (302, 403, 404)
    assert SECRET not in anonymous.text


@STACK_DB
def test_the_private_folder_is_never_served_directly(nginx, document, private_root):
    relative = document.file.name
    assert (private_root / relative).read_text() == SECRET
    for path in (f"/_private/{relative}", f"/media/../private/{relative}", f"/{relative}"):
        response = fetch(nginx, path)
        assert SECRET not in response.text, path
    assert fetch(nginx, f"/_private/{relative}").status_code == 404


def test_the_docs_show_the_nginx_configuration_of_deploy():
    docs = (DEPLOY.parent / "docs" / "operations.md").read_text()
    assert (DEPLOY / "nginx.conf").read_text().strip() in docs
