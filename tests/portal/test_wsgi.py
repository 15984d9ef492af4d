"""The WSGI entry point gunicorn loads (``portal.wsgi``)."""

import gc
import importlib


def test_the_application_moves_its_startup_objects_out_of_the_collectors_reach():
    """What Django and Wagtail load at start-up is frozen (``gc.freeze``), so a full
    garbage collection during a request walks only what requests made."""
    import portal.wsgi

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        importlib.reload(portal.wsgi)
        assert gc.get_freeze_count() > 10_000
        assert callable(portal.wsgi.application)
    finally:
        gc.unfreeze()
