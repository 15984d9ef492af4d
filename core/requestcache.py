"""Memory for one request: values several parts of a page need (the visitor's group
ids, the paths of the view restrictions they fail, the site navigation), computed once.

``RequestCacheMiddleware`` opens an empty store when a request comes in and drops it
when the response leaves, so nothing kept here outlives the request or reaches another
visitor. Outside a request (management commands, tasks, tests calling a function
directly) there is no store and ``memo`` simply computes the value every time.

Any write to the database during the request (a save, a delete, a change of a
many-to-many relation such as group membership) empties the store: a value computed
before the write is never reused after it. Callers put everything the value depends on
in the key (for privacy: the user's id, or the audience from ``access.privacy``).
"""

import contextvars

from django.db.models.signals import m2m_changed, post_delete, post_save

_store = contextvars.ContextVar("portal_request_cache", default=None)
_MISSING = object()


def memo(key, compute):
    """``compute()``, computed once per request for ``key``."""
    store = _store.get()
    if store is None:
        return compute()
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = store[key] = compute()
    return value


def active():
    """True inside a request (a store is open)."""
    return _store.get() is not None


def clear(**kwargs):
    store = _store.get()
    if store:
        store.clear()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(clear, dispatch_uid=f"portal-requestcache-{id(signal)}")


class RequestCacheMiddleware:
    """Place first: the store must cover the whole request, rendering included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
            from core.cache import end_of_request

            end_of_request()
