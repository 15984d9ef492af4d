"""Production: everything from the environment, refusing unsafe defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BACKUP_KEY, LOGGING, SEARCH_BACKEND, env

DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names.")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

# Backups hold every personal story: they are always encrypted in production.
if len(BACKUP_KEY) < 32:
    raise ImproperlyConfigured(
        "BACKUP_KEY must be set to a passphrase of at least 32 characters: it encrypts the backups."
    )

PORTAL_ALLOW_DEMO_ACCOUNTS = False

# HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Background tasks through the database queue; run `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

if SEARCH_BACKEND == "elasticsearch" and not env("ELASTICSEARCH_URL", default=""):
    raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")

LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")}}
