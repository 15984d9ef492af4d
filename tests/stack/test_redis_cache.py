"""The shared cache of the production set-up: Redis through django-redis, with the
production settings, seen by separate processes, and harmless when Redis is down."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import json, sys, django
django.setup()
from django.conf import settings
from django.core.cache import cache
action, key = sys.argv[1], sys.argv[2]
if action == "set":
    cache.set(key, sys.argv[3], 600)
elif action == "delete":
    cache.delete(key)
print(json.dumps({"value": cache.get(key), "backend": settings.CACHES["default"]["BACKEND"]}))
"""


def run(port, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 60,
        "BACKUP_KEY": "b" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:////nonexistent/never-opened.sqlite3",
        "CACHE_URL": f"redis://127.0.0.1:{port}/1",
        "PORTAL_REQUIRE_2FA": "false",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_value_set_by_one_process_is_read_and_invalidated_for_another(redis_port):
    written = run(redis_port, "set", "portal:test:menu", "versie 1")
    assert written == {"value": "versie 1", "backend": "django_redis.cache.RedisCache"}
    assert run(redis_port, "get", "portal:test:menu")["value"] == "versie 1"
    run(redis_port, "delete", "portal:test:menu")
    assert run(redis_port, "get", "portal:test:menu")["value"] is None


def test_production_cache_answers_nothing_instead_of_failing_when_redis_is_down():
    from tests.stack.conftest import free_port

    closed = free_port()  # nothing listens here
    assert run(closed, "set", "portal:test:menu", "versie 1")["value"] is None
