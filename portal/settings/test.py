"""Test settings: fast and deterministic."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import LOGGING, env, machine_translator_settings

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MACHINE_TRANSLATOR = env("MACHINE_TRANSLATOR", default="dummy")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_settings(MACHINE_TRANSLATOR)
_tmp = tempfile.mkdtemp(prefix="portal-test-media-")
_owner = os.getpid()


def _remove_media_folder():
    # Only the process that made the folder removes it: a forked child that exits
    # through Python's normal shutdown must not take its parent's media with it.
    if os.getpid() == _owner:
        shutil.rmtree(_tmp, ignore_errors=True)


atexit.register(_remove_media_folder)
MEDIA_ROOT = f"{_tmp}/media"
PRIVATE_MEDIA_ROOT = f"{_tmp}/private"
PORTAL_CACHE_DIR = f"{_tmp}/cache"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# No output of our own; the filters that keep tokens out of the logs stay.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": LOGGING["filters"],
    "loggers": LOGGING["loggers"],
}
STATIC_ROOT = f"{_tmp}/static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
os.makedirs(STATIC_ROOT, exist_ok=True)
# Login throttling is switched on per test (tests/security); Django's test client
# `login()` passes no request, which django-axes refuses.
AXES_ENABLED = False
# Switched on by the tests of the page cache itself (tests/portal/test_cache.py).
PORTAL_PAGE_CACHE = False
# Recordings cost a second per page: on for the tests (and browser servers) that ask.
PORTAL_READ_ALOUD_RECORDINGS = env.bool("PORTAL_READ_ALOUD_RECORDINGS", default=False)
# Previews cost two seconds per office file: on for the tests that ask.
PORTAL_DOCUMENT_PREVIEWS = env.bool("PORTAL_DOCUMENT_PREVIEWS", default=False)
PORTAL_SPELLING_WORDS_SECONDS = 0  # a word published in a test is offered at once
# The second step is switched on by the tests that ask (tests/twofactor); the others
# log in as before.
PORTAL_REQUIRE_2FA = False
