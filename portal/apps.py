from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Netwerkportaal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import choicefields, requestcache, security, signals  # noqa: F401  (security registers Wagtail hooks)
        from .cache import connect_signals

        connect_signals()
        choicefields.install()
        requestcache.connect_signals()
        from .roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="portal-ensure-roles")
