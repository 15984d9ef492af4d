"""Security headers on the public site; production settings add HTTPS-only headers."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    response = client.get("/nl/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_public_pages_send_nosniff_referrer_policy_and_frame_options(client, home_page):
    response = client.get("/nl/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in {"SAMEORIGIN", "DENY"}


def test_templates_contain_no_inline_script_or_style(client, home_page):
    html = client.get("/nl/").content.decode()
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html


def test_production_sends_hsts_and_secure_cookies(tmp_path):
    """Runs a request through the production settings in a subprocess."""
    code = (
        "import django;django.setup();"
        "from django.test import Client;"
        "r=Client().get('/nl/accounts/login/', secure=True, HTTP_HOST='portaal.example.be');"
        "print(r.status_code);print(r.headers.get('Strict-Transport-Security'));"
        "from django.conf import settings;"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "p" * 30 + "-9Zq!r7Lp2@Wm4#Tn6$Vb8%Yc1^Hd3&Jf5",
        "BACKUP_KEY": "b" * 16 + "-backup-key-for-tests-only",
        "ALLOWED_HOSTS": "portaal.example.be",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    lines = result.stdout.split("\n")
    assert lines[0] == "200", result.stderr[-2000:]
    assert "max-age=31536000" in lines[1]
    assert "includeSubDomains" in lines[1]
    assert lines[2] == "True True"
