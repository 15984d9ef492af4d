"""The friendly 503 page while the database cannot be reached.

While PostgreSQL restarts (or a connection breaks), Django raises ``OperationalError``
or ``InterfaceError``. Without this a visitor would get the generic 500 page, or worse.
``DatabaseUnavailableMiddleware`` sits at the edge (first in ``MIDDLEWARE``) and turns
such a failure into ``templates/503.html`` with ``Retry-After``, rendered without a
request context, so nothing touches the database again.

A view's exception reaches ``process_exception``. One raised inside another middleware
(the session, the page cache, the groups) has already become a 500 response when it
gets here; Django's ``got_request_exception`` signal, sent for every uncaught exception,
marks the request, and the 500 is replaced.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
_MARK = "portal_database_unavailable"
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="portal-database-unavailable")


class DatabaseUnavailableMiddleware:
    """First in ``MIDDLEWARE``: a database that cannot be reached gives the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:
            # Only with DEBUG_PROPAGATE_EXCEPTIONS; otherwise Django made it a 500.
            logger.warning("database unavailable: %s", request.path)
            return unavailable_response()
        if getattr(request, _MARK, False) and response.status_code == 500:
            logger.warning("database unavailable: %s", request.path)
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable: %s", request.path)
            return unavailable_response()
        return None
