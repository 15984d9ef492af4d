"""The friendly 503 page while the database cannot be reached, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.test import RequestFactory

from core.unavailable import DatabaseUnavailableMiddleware
from tests.stack.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/nl/", secure=True, HTTP_HOST="localhost")
print(response.status_code)
print(response.get("Retry-After"))
print(response.content.decode())
"""


def test_a_closed_database_port_gives_the_friendly_503_page():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 60,
        "BACKUP_KEY": "b" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"postgres://portal@127.0.0.1:{free_port()}/portal",
        "PORTAL_REQUIRE_2FA": "false",
        "LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    status, retry_after, body = done.stdout.split("\n", 2)
    assert status == "503"
    assert retry_after == "30"
    assert "Het portaal is even niet beschikbaar" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_a_view_that_loses_the_database_gives_the_503_page():
    def view(request):
        raise OperationalError("connection refused")

    middleware = DatabaseUnavailableMiddleware(view)
    request = RequestFactory().get("/nl/")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert b"even niet beschikbaar" in response.content


def test_other_errors_are_left_to_the_500_page():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
