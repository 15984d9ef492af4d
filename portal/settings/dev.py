"""Local development: `make run`. SQLite, local media, immediate tasks."""

from .base import *  # noqa: F403
from .base import env, machine_translator_settings

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-4b1f0c2e9d")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
MACHINE_TRANSLATOR = env("MACHINE_TRANSLATOR", default="dummy")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_settings(MACHINE_TRANSLATOR)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files from the apps' folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PORTAL_SERVE_MEDIA = env.bool("PORTAL_SERVE_MEDIA", default=True)
