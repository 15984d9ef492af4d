"""Full-page cache for anonymous visitors, and no shared caching for anyone else.

Anonymous visitors (no session cookie) get HTML from the cache when the same URL was
rendered before for another anonymous visitor. The cache key holds the path with its
query string and the easy-read choice; every entry carries the site's *content
version*, which is bumped whenever something visible may have changed (publish,
unpublish, move, delete, a restriction, a taxonomy term, a document, …), so a stale
page is never served after such a change. Several app servers share the version
through the shared cache (``CACHE_URL``).

What is never cached: responses for a logged-in user or any request carrying a
session, responses marked private/no-store (restricted pages, set by Wagtail), responses
that set a cookie or use the CSRF token, non-HTML responses, errors, and everything
under /admin/, /documents/ and /accounts/.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers

from portal import requestcache

VERSION_KEY = "portal:content-version"
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


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never start again from a number used before: the version may have been
        # evicted from the cache while entries stored under it are still there.
        start = time.time_ns() // 1000
        cache.add(VERSION_KEY, start, timeout=None)
        version = cache.get(VERSION_KEY, start)
    return version


def _incr_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def bump_content_version(**kwargs):
    """Bump now, and again when the transaction commits: a request that read the old
    rows between the change and the commit may have stored them under the version of
    the first bump; the second one retires those entries."""
    _incr_version()
    transaction.on_commit(_incr_version)


def _on_model_change(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS:
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
    ``portal.privacy.audience``). ``keep(value)``: whether to share this value (by
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
