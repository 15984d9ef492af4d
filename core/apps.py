from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared building blocks: base page, blocks, documents, images.

    The app keeps the label ``portal`` it had when the project and this app were one
    package, so existing databases, migrations, content types and permissions stay
    valid (docs/decisions/0010-app-layout.md)."""

    name = "core"
    label = "portal"
    verbose_name = "Netwerkportaal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import connect_signals

        connect_signals()
