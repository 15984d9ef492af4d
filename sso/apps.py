from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Aanmelden via je organisatie")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import required  # noqa: F401 -- its signal receivers
