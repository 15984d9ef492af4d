"""A sendfile backend for Wagtail's document serve view: nginx sends the file.

Off by default. With ``PORTAL_X_ACCEL_REDIRECT_PREFIX`` set (e.g. ``/_private/``), a
download that passed Wagtail's permission check (collection restriction, our
``before_serve_document`` hooks) is answered with an empty response carrying
``X-Accel-Redirect: <prefix><path in PRIVATE_MEDIA_ROOT>``; nginx then streams the file
from an ``internal`` location, so the app worker is free at once. The location must be
``internal`` — otherwise anybody could fetch ``/_private/...`` directly (README,
"Security").
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, **kwargs):
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    try:
        relative = Path(filename).resolve().relative_to(root)
    except ValueError as error:
        # Only files of the private storage are handed to nginx.
        raise Http404 from error
    prefix = settings.PORTAL_X_ACCEL_REDIRECT_PREFIX.rstrip("/")
    response = HttpResponse()
    response["X-Accel-Redirect"] = f"{prefix}/{quote(relative.as_posix())}"
    return response
