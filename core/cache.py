"""What the portal keeps between requests: one place, one rule (docs/operations.md,
section "Caching").

Everything kept lives in Django's cache framework under a key that holds the site's
*content version*. The version is bumped whenever something anyone sees may have
changed (publish, unpublish, move, delete, a restriction, a group membership, a
taxonomy term, a document, …), so a kept value is never used after such a change: its
key is simply never asked for again, and the cache lets it expire.

The version lives in the database (``ContentVersion``), so every process and server
sees a change, whatever cache it uses: a process reads it at most once per
``PORTAL_CONTENT_VERSION_SECONDS`` (default 1 s) and knows its own changes at once.
A change inside a transaction gives the process a new version at once (its own reads
see the new rows) and writes one to the database when the transaction commits; if it
rolls back instead, the process takes yet another version, so nothing computed from
rolled-back rows is used again. Versions are random numbers, never reused.

Four ways to keep something, and no other:

- ``versioned(key, compute)``: a value that depends on the content and on ``key``
  only (locale codes, the glossary, synonyms, taxonomy names, …);
- ``kept_for_audience(name, audience, compute)``: a value that depends on what the
  visitor may see (a menu, a rendered fragment, search facets). Its key always holds
  the exact audience (``access.privacy.audience``), so two audiences never share it;
- ``AnonymousPageCacheMiddleware``: whole pages for anonymous visitors, plus the HTTP
  caching headers that let a browser or a front-end cache keep them briefly;
- ``lasting(key, compute, seconds)``: a value that may be a few minutes older than the
  content, because everything taken from it is checked against the current content
  before anyone sees it (the words spelling correction chooses from).
"""

import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import ContentVersion

SKIP_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/jsi18n/", "/voorlezen/")
SKIP_PARTS = ("/accounts/",)
# Models whose changes do not alter what anyone sees.
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
WATCHED_MODELS = {"search.synonym", "easyread.recording"}
DEFAULT_TIMEOUT = 600


class _Version:
    """This process's view of the content version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.current = None  # the version in use
        self.seen = None  # the database's token when last read
        self.read_at = 0.0


_version = _Version()
# Per thread (a thread has its own database connection): a change made in a
# transaction that has not committed yet.
_waiting = threading.local()


def _new_token():
    return secrets.randbits(62)


def _read_token():
    token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        ContentVersion.objects.get_or_create(pk=1, defaults={"token": _new_token()})
        token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token


def _leave_rolled_back_version():
    """A change waited for a commit, and no transaction is open any more: it rolled
    back (a commit would have written the version and cleared the flag)."""
    if getattr(_waiting, "change", False) and not connection.in_atomic_block:
        _waiting.change = False
        with _version.lock:
            _version.current = _new_token()


def content_version():
    _leave_rolled_back_version()
    seconds = getattr(settings, "PORTAL_CONTENT_VERSION_SECONDS", 1.0)
    now = time.monotonic()
    if _version.current is not None and now - _version.read_at < seconds:
        return _version.current
    token = _read_token()
    with _version.lock:
        if token != _version.seen and getattr(_waiting, "change", False):
            # Another process changed the content while this thread's own change
            # waits for its commit: neither version describes what this thread
            # reads, so it takes one of its own (never a version others use).
            _version.current = _new_token()
            _version.seen = token
        elif token != _version.seen or _version.current is None:
            # Someone (another process, or this one on commit) changed the content.
            _version.current = token
            _version.seen = token
        _version.read_at = now
        return _version.current


def forget():
    """Start afresh: nothing waits for a commit, the next read takes the database's
    version. For a test that begins after another one's transaction was rolled back
    (the rollback happened outside any request, so nothing noticed it)."""
    _waiting.change = False
    with _version.lock:
        _version.current = _version.seen = None
        _version.read_at = 0.0


def _write_token():
    """Write a new version for every process. Queued once per change inside a
    transaction (see ``bump_content_version``): the first callback of a commit writes,
    the others find nothing waiting."""

    _waiting.change = False
    token = _new_token()
    try:
        if not ContentVersion.objects.filter(pk=1).update(token=token):
            ContentVersion.objects.get_or_create(pk=1, defaults={"token": token})
    except DatabaseError:
        # During the migrations that come before the table exists: nothing has been
        # kept under any version yet.
        if _in_migration():
            return
        raise
    with _version.lock:
        _version.current = _version.seen = token


def _write_once_on_commit():
    if getattr(_waiting, "change", False):
        _write_token()


def _in_migration():
    return "portal_contentversion" not in connection.introspection.table_names()


def bump_content_version(**kwargs):
    """Something anyone may see changed: nothing kept so far is used again."""
    with _version.lock:
        _version.current = _new_token()
    if not connection.in_atomic_block:
        _waiting.change = False
        _write_token()
        return
    # The flag marks that a version waits for this thread's commit, so the write
    # happens once however many changes the transaction makes. A callback is still
    # queued per change: Django drops the callbacks of a savepoint that rolls back,
    # and a later change in the same transaction must still be written.
    _waiting.change = True
    transaction.on_commit(_write_once_on_commit)


def _on_model_change(sender, update_fields=None, **kwargs):
    meta = sender._meta
    if meta.label_lower == "auth.user" and update_fields and set(update_fields) == {"last_login"}:
        # Django's save on every login: nothing anyone sees changes.
        return
    if meta.label_lower in WATCHED_MODELS or (
        meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS
    ):
        bump_content_version()


def _end_of_request(**kwargs):
    _leave_rolled_back_version()


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="portal-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="portal-cache-delete")
    # Many-to-many changes (a restriction's groups, a user's groups) send neither.
    m2m_changed.connect(_on_model_change, dispatch_uid="portal-cache-m2m")
    request_finished.connect(_end_of_request, dispatch_uid="portal-cache-request-finished")

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"portal-cache-{id(signal)}")


_MISSING = object()


def _kept(parts, compute, timeout, keep):
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
    full_key = f"portal:v{content_version()}:{digest}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep is None or keep(value):
            cache.set(full_key, value, timeout)
    return value


def versioned(key, compute, timeout=DEFAULT_TIMEOUT, keep=None):
    """``compute()``, kept in Django's cache until the content version changes (or
    ``timeout`` seconds pass).

    Only for values that depend on nothing but the content and what ``key`` holds:
    whatever depends on who is asking goes through ``kept_for_audience``.
    ``keep(value)``: whether to keep this value (by default always)."""
    return _kept(("content", key), compute, timeout, keep)


def kept_for_audience(name, audience, compute, *, key=(), timeout=DEFAULT_TIMEOUT, keep=None):
    """``compute()`` for visitors of ``audience``, kept like ``versioned``.

    ``audience`` is ``access.privacy.audience`` of the visitor: everything that decides
    what they may see. The value is kept under that exact audience, so a visitor of
    another audience never gets it. ``key``: what else the value depends on (the page,
    the language, the query string, …)."""
    if not isinstance(audience, str) or not audience:
        raise ValueError("kept_for_audience needs the visitor's audience")
    return _kept(("audience", audience, name, key), compute, timeout, keep)


def lasting(key, compute, seconds):
    """``compute()``, kept for ``seconds`` whatever changes meanwhile (0: not kept).

    Only for a value that is costly to build and is never shown as it is: whoever
    uses it checks each part against the current content, and against what the
    visitor may see, first. A change reaches it within ``seconds``."""
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()
    full_key = f"portal:lasting:{digest}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, seconds)
    return value


# --- Whole pages for anonymous visitors ---------------------------------------------


def _page_key(request):
    easy = request.COOKIES.get("portal_easy_read", "")
    raw = f"{request.get_host()}|{request.get_full_path()}|{easy}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"portal:page:v{content_version()}:{digest}"


def _is_candidate(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path
    if path.startswith(SKIP_PREFIXES) or any(part in path for part in SKIP_PARTS):
        return False
    return len(request.get_full_path()) <= 2000


def _is_shareable(request, response):
    """An anonymous page anyone may be shown: public, complete, with nothing of this
    visitor in it (no cookie set, no CSRF token used)."""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return not (request.META.get("CSRF_COOKIE") and getattr(request, "csrf_cookie_used", False))


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous visitors, and the HTTP caching headers of every page.

    - An anonymous visitor (no session) of a public page: the page is kept in Django's
      cache under its URL, the easy-read choice and the content version
      (``PORTAL_PAGE_CACHE``), and marked ``Cache-Control: public, max-age=0,
      s-maxage=PORTAL_PAGE_MAX_AGE`` with ``Vary: Cookie``: a browser asks again each
      time (its ``ETag`` gets a 304 when nothing changed), so a visitor sees a publish
      at once; a front-end cache may keep the page that long (and is purged on publish
      by ``wagtail.contrib.frontend_cache``).
    - A logged-in visitor: ``private, no-cache`` on every page; nothing is kept.
    - Restricted pages: Wagtail already marks them private; they are never kept.

    Place after AuthenticationMiddleware (it needs ``request.user``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = _is_candidate(request)
        key = _page_key(request) if candidate and settings.PORTAL_PAGE_CACHE else None
        if key:
            response = cache.get(key)
            if response is not None:
                response["X-Portal-Cache"] = "hit"
                return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A member's page may hold what only they may see: no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        if not (candidate and _is_shareable(request, response)):
            return response
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PORTAL_PAGE_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        if key:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, DEFAULT_TIMEOUT)
            response["X-Portal-Cache"] = "miss"
        return response
