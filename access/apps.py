from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccessConfig(AppConfig):
    """Who may see what: roles, privacy filters, restrictions, security middleware."""

    name = "access"
    verbose_name = "Toegang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # security and signals register Wagtail hooks and model receivers on import.
        from access import security, signals  # noqa: F401
        from access.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="portal-ensure-roles")
