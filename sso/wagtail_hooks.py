"""The mappings in the Wagtail admin (Instellingen), for the coordinator."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OrganisationMapping


class OrganisationMappingViewSet(ModelViewSet):
    model = OrganisationMapping
    icon = "group"
    menu_label = _("Koppelingen met organisaties")
    add_to_settings_menu = True
    list_display = ["__str__", "provider", "organisation"]
    form_fields = ["provider", "email_domain", "claim", "claim_value", "organisation", "groups"]
    form_widgets = {"groups": forms.CheckboxSelectMultiple}


@hooks.register("register_admin_viewset")
def register_viewset():
    return OrganisationMappingViewSet("sso_mappings")
