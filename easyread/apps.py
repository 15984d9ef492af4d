from django.apps import AppConfig


class EasyreadConfig(AppConfig):
    name = "easyread"
    verbose_name = "Eenvoudige taal"
    default_auto_field = "django.db.models.BigAutoField"
