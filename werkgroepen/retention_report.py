"""The coordinators' admin pages for retention.

- "Bewaartermijnen" (a report, under Reports): what goes in the next 30 days, per
  space, kind and day, with counts and item numbers ("Inbreng 12"), never the
  items' words. Coordinators only: everyone else gets a 403 and no menu item.
- "Bewaartermijnen per werkgroep" (under Settings): a space's own periods
  (``SpacePrivacy``), edited through a ``ModelViewSet``. Wagtail checks the model's
  permissions, which only the coordinator role holds (``access.roles``: "*").
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from access.roles import is_coordinator
from werkgroepen import retention
from werkgroepen.models import SpacePrivacy, WorkingGroupPage

WINDOW_DAYS = 30


# --- the report ---------------------------------------------------------------------


class RetentionReportView(ReportView):
    page_title = _("Bewaartermijnen")
    header_icon = "time"
    index_url_name = "werkgroepen_retention_report"
    index_results_url_name = "werkgroepen_retention_report_results"
    results_template_name = "werkgroepen/admin/retention_results.html"
    paginate_by = 100
    list_export = ["date", "space", "kind_label", "count", "items"]
    export_headings = {
        "date": _("Verdwijnt op"),
        "space": _("Werkgroep"),
        "kind_label": _("Wat"),
        "count": _("Aantal"),
        "items": _("Welke"),
    }
    columns = [
        DateColumn("date", label=_("Verdwijnt op")),
        Column("space", label=_("Werkgroep")),
        Column("kind_label", label=_("Wat")),
        Column("count", label=_("Aantal")),
        Column("items", label=_("Welke")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("Wat de komende %(days)d dagen verdwijnt") % {"days": WINDOW_DAYS}

    def get_filename(self):
        return "bewaartermijnen"

    def get_queryset(self):
        return retention.upcoming(days=WINDOW_DAYS, now=timezone.now())


class RetentionReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


# --- a space's own periods ----------------------------------------------------------

DAY_FIELDS = {
    "keep_input_days": "input",
    "keep_comments_days": "comments",
    "keep_poll_answers_days": "poll_answers",
    "keep_trash_days": "trash",
}


class SpacePrivacyAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "space" in self.fields:
            # One row per space: its original, never a translation.
            self.fields["space"].queryset = WorkingGroupPage.objects.filter(
                locale=Locale.get_default()
            ).order_by("title")
        for name, kind in DAY_FIELDS.items():
            if name in self.fields:
                days = settings.PORTAL_RETENTION_DAYS[kind]
                self.fields[name].help_text = _(
                    "In dagen, van 1 tot %(max)d (10 jaar). Leeg: de standaard van het "
                    "portaal, %(days)d dagen (%(words)s)."
                ) % {"max": retention.MAX_DAYS, "days": days, "words": retention.in_words(days)}

    def clean(self):
        cleaned = super().clean()
        for name in DAY_FIELDS:
            days = cleaned.get(name)
            if days is not None and not 1 <= days <= retention.MAX_DAYS:
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "Kies een aantal dagen van 1 tot %(max)d (10 jaar), of laat het "
                            "vak leeg voor de standaard van het portaal."
                        )
                        % {"max": retention.MAX_DAYS}
                    ),
                )
        return cleaned


class SpacePrivacyViewSet(ModelViewSet):
    model = SpacePrivacy
    icon = "time"
    menu_label = _("Bewaartermijnen per werkgroep")
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["space", *DAY_FIELDS, "uploads_on_erasure"]
    edit_handler = ObjectList(
        [
            FieldPanel("space", widget=forms.Select),
            *(FieldPanel(name) for name in DAY_FIELDS),
            FieldPanel("uploads_on_erasure"),
        ],
        base_form_class=SpacePrivacyAdminForm,
    )
