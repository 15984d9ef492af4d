from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing checks registers them.
        from . import adapters, checks, querylog, signals  # noqa: F401

        adapters.register_defaults()
        signals.connect()
        querylog.connect()
