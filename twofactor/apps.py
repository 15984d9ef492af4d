from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwofactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Tweede stap bij het aanmelden")
    default_auto_field = "django.db.models.BigAutoField"
