from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalDataConfig(AppConfig):
    """A person's own data: *Mijn gegevens*, the export and the erasure
    (docs/decisions/0013-personal-data.md)."""

    name = "personaldata"
    verbose_name = _("Persoonsgegevens")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.backup import restored, restoring

        from . import register

        # A restore of an older backup brings erased people back: the register is
        # carried over the restore and they are erased again.
        restoring.connect(register.keep_before_restore, dispatch_uid="personaldata-keep")
        restored.connect(register.reapply_after_restore, dispatch_uid="personaldata-reapply")
