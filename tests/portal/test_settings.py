"""Settings: production refuses unsafe configuration and passes the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-x9Zq!r7Lp2@Wm4#Tn6$Vb8%Yc1^Hd3&Jf5*Gs0"
BACKUP_KEY = "b" * 16 + "-backup-key-for-tests-only"
# Settings of the developer's environment that the tests set themselves, or leave out.
LEFT_OUT = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "BACKUP_KEY",
    "BACKUP_KEY_PREVIOUS",
}


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="portaal.be"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY=GOOD_KEY
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        BACKUP_KEY=BACKUP_KEY,
        ALLOWED_HOSTS="portaal.example.be",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_demo_accounts(tmp_path):
    db = tmp_path / "prod.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "BACKUP_KEY": BACKUP_KEY,
        "ALLOWED_HOSTS": "portaal.example.be",
        "DATABASE_URL": f"sqlite:///{db}",
    }
    assert run_manage("migrate", "-v0", **env).returncode == 0
    result = run_manage("load_demo", **env)
    assert result.returncode != 0
    assert "demo accounts" in result.stderr.lower()


@pytest.mark.django_db
def test_no_model_changes_without_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes:\n{out.getvalue()} ({exit_})")
