from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkgroepenConfig(AppConfig):
    name = "werkgroepen"
    verbose_name = _("Werkgroepen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, image_privacy, signals  # noqa: F401

        checks.register()
