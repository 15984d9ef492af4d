from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkgroepenConfig(AppConfig):
    name = "werkgroepen"
    verbose_name = _("Werkgroepen")
