from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwofactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Tweede stap bij het aanmelden")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from twofactor.policy import clear_device_memo

        user_logged_in.connect(clear_device_memo, dispatch_uid="twofactor_device_memo")
