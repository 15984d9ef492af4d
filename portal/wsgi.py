import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_wsgi_application()


def _freeze_what_lives_as_long_as_the_process():
    """Django, Wagtail, the models and the URLs are loaded now and kept until the worker
    stops: moved out of the garbage collector's reach, its full collections only walk
    what requests create. Without this a full collection paused a request for about
    150 ms once in a hundred (kennisbank index at 10,000 practices)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- loads the URLconf and every view module
    gc.freeze()


_freeze_what_lives_as_long_as_the_process()
