"""Keeps responses that carry private content out of shared caches.

Wagtail marks private *pages* as never-cache, but its document serve view does not
(a member's download of a space document would otherwise be cacheable), and personal
panels on public pages (the start page's "your meetings") are not private pages.
Code that serves such content sets ``request.portal_private = True`` (see
``mark_private``); this middleware then makes the response ``private, no-store``.
"""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def mark_private(request):
    request.portal_private = True


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "portal_private", False):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
