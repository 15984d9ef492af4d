"""The mappings and the organisations that sign in only through their own provider, in
the Wagtail admin (Instellingen), for the coordinator; the sso actions of the access
log."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from . import accesslog, personal_data
from .models import OrganisationMapping, RequiredOrganisation


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


class RequiredOrganisationViewSet(ModelViewSet):
    model = RequiredOrganisation
    icon = "lock"
    menu_label = _("Alleen aanmelden via de eigen organisatie")
    add_to_settings_menu = True
    list_display = ["organisation", "created_at"]
    form_fields = ["organisation"]


@hooks.register("register_admin_viewset")
def register_required_viewset():
    return RequiredOrganisationViewSet("sso_required")


hooks.register("register_log_actions", accesslog.register_actions)

# What sso keeps about a person: *Mijn gegevens*, export and erasure (personaldata).
hooks.register(personal_data.SECTIONS_HOOK, personal_data.sections)
hooks.register(personal_data.ERASE_HOOK, personal_data.erase)
