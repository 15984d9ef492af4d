"""Full-page cache for anonymous visitors, and no shared caching for anyone else.

Anonymous visitors (no session cookie) get HTML from the cache when the same URL was
rendered before for another anonymous visitor. The cache key holds the path with its
query string and the easy-read choice; every entry carries the site's *content
version*, which is bumped whenever something visible may have changed (publish,
unpublish, move, delete, a restriction, a group membership, a taxonomy term, a
document, …), so a stale page is never served after such a change.

The version lives in the database (``ContentVersion``), so every process and server
sees a change, whatever cache it uses: a process reads it at most once per
``PORTAL_CONTENT_VERSION_SECONDS`` (default 1 s) and knows its own changes at once.
A change inside a transaction gives the process a new version at once (its own reads
see the new rows) and writes one to the database on commit; if the transaction rolls
back, the process takes yet another version at the end of the request, so nothing
computed from rolled-back rows is used again. Versions are random numbers, never
reused. ``versioned`` keeps other values (navigation, privacy inputs, rendered parts)
under the same version.

What is never cached: responses for a logged-in user or any request carrying a
session, responses marked private/no-store (restricted pages, set by Wagtail), responses
that set a cookie or use the CSRF token, non-HTML responses, errors, and everything
under /admin/, /documents/ and /accounts/.
"""

import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers

from core import requestcache

SKIP_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/jsi18n/")
SKIP_PARTS = ("/accounts/",)
# Models whose changes do not alter what anonymous visitors see.
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "sessions.session",
    "portal.contentversion",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_db.dbtaskresult",
    "wagtailsearch.indexentry",
    "wagtailsearch.query",
    "wagtailsearch.querydailyhits",
}
WATCHED_APPS = {
    "wagtailcore",
    "home",
    "kennisbank",
    "werkgroepen",
    "portal",
    "wagtailsearchpromotions",
    "wagtailredirects",
    "auth",
}
# Models of other apps whose changes alter what anyone sees.
WATCHED_MODELS = {"search.synonym"}


class _Version:
    """This process's view of the content version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.current = None  # the version in use
        self.seen = None  # the database's token when last read
        self.read_at = 0.0
        self.pending = False  # changed inside a transaction not committed yet


_version = _Version()


def _new_token():
    return secrets.randbits(62)


def _read_token():
    from core.models import ContentVersion

    token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        ContentVersion.objects.get_or_create(pk=1, defaults={"token": _new_token()})
        token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token


def content_version():
    seconds = getattr(settings, "PORTAL_CONTENT_VERSION_SECONDS", 1.0)
    now = time.monotonic()
    if _version.current is not None and now - _version.read_at < seconds:
        return _version.current
    token = _read_token()
    with _version.lock:
        if token != _version.seen or _version.current is None:
            # Someone (another process, or this one on commit) changed the content.
            _version.current = token
            _version.seen = token
        _version.read_at = now
        return _version.current


def _write_token():
    from django.db import DatabaseError

    from core.models import ContentVersion

    token = _new_token()
    try:
        if not ContentVersion.objects.filter(pk=1).update(token=token):
            ContentVersion.objects.get_or_create(pk=1, defaults={"token": token})
    except DatabaseError:
        # During the migrations that come before the table exists: nothing has been
        # kept under any version yet.
        if connection_in_migration():
            return
        raise
    with _version.lock:
        _version.current = _version.seen = token
        _version.pending = False


def connection_in_migration():
    from django.db import connection

    return "portal_contentversion" not in connection.introspection.table_names()


def bump_content_version(**kwargs):
    from django.db import connection

    with _version.lock:
        _version.current = _new_token()
    if not connection.in_atomic_block:
        _write_token()
        return
    _version.pending = True
    queued = getattr(connection, "run_on_commit", [])
    if not any(entry[1] is _write_token for entry in queued):
        transaction.on_commit(_write_token)


def end_of_request():
    """A change made in a transaction that then rolled back: leave its version."""
    from django.db import connection

    if _version.pending and not connection.in_atomic_block:
        with _version.lock:
            _version.current = _new_token()
            _version.pending = False


def _on_model_change(sender, update_fields=None, **kwargs):
    meta = sender._meta
    if meta.label_lower == "auth.user" and update_fields and set(update_fields) == {"last_login"}:
        # Django's save on every login: nothing anyone sees changes.
        return
    if meta.label_lower in WATCHED_MODELS or (
        meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS
    ):
        bump_content_version()


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="portal-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="portal-cache-delete")
    # Many-to-many changes (a restriction's groups, a user's groups) send neither.
    m2m_changed.connect(_on_model_change, dispatch_uid="portal-cache-m2m")
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"portal-cache-{id(signal)}")


_MISSING = object()


def versioned(key, compute, timeout=600, keep=None):
    """``compute()``, shared between requests and processes until the content version
    changes (or ``timeout`` seconds pass), and computed once per request.

    Only for values that depend on nothing but the content and what ``key`` holds: a
    value that depends on who is asking must have the audience in its key (see
    ``access.privacy.audience``). ``keep(value)``: whether to share this value (by
    default always)."""

    def shared():
        version = requestcache.memo(("content-version",), content_version)
        digest = hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()
        full_key = f"portal:v{version}:{digest}"
        value = cache.get(full_key, _MISSING)
        if value is _MISSING:
            value = compute()
            if keep is None or keep(value):
                cache.set(full_key, value, timeout)
        return value

    return requestcache.memo(("versioned", key), shared)


def _cache_key(request):
    easy = request.COOKIES.get("portal_easy_read", "")
    raw = f"{request.get_host()}|{request.get_full_path()}|{easy}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"portal:page:{digest}"


def _is_candidate(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path
    if path.startswith(SKIP_PREFIXES) or any(part in path for part in SKIP_PARTS):
        return False
    return len(request.get_full_path()) <= 2000


def _is_storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if request.META.get("CSRF_COOKIE") and getattr(request, "csrf_cookie_used", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class AnonymousPageCacheMiddleware:
    """Place after AuthenticationMiddleware (it needs request.user for the decision)."""

    timeout = 600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = settings.PORTAL_PAGE_CACHE and _is_candidate(request)
        key = _cache_key(request) if candidate else None
        if candidate:
            entry = cache.get(key)
            if entry and entry[0] == content_version():
                response = entry[1]
                response["X-Portal-Cache"] = "hit"
                return response
        version = content_version() if candidate else None
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A member's page may hold what only they may see: no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        if candidate and _is_storable(request, response):
            patch_vary_headers(response, ["Cookie"])
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, (version, response), self.timeout)
            response["X-Portal-Cache"] = "miss"
        return response
