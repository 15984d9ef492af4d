from django.apps import AppConfig


class EasyreadConfig(AppConfig):
    name = "easyread"
    verbose_name = "Eenvoudige taal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signals

        signals.connect()
        checks.register()
