"""The coordinator's report of the access log ("Toegangslog") in the admin.

Wagtail's "Site history" report shows the same entries (only to coordinators: see
``werkgroepen.accesslog``) and filters them by person, action, date and type, but not
by working group; this report adds that filter. Coordinators only: everyone else gets
a 403 and no menu item.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import ModelLogEntry

from access.roles import is_coordinator
from werkgroepen import accesslog


def _people(request):
    User = get_user_model()
    ids = accesslog.entries().order_by().values("user_id")
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


def _spaces():
    """(id, title) of every space named in the log, also of spaces deleted since."""
    rows = accesslog.entries().order_by().values_list("data__space_id", "data__space_title")
    spaces = {space_id: title for space_id, title in rows if space_id is not None}
    return sorted(((str(pk), title) for pk, title in spaces.items()), key=lambda row: row[1])


class AccessLogFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Persoon"), queryset=_people, empty_label=_("Iedereen")
    )
    space = django_filters.ChoiceFilter(
        label=_("Werkgroep"), method="filter_space", empty_label=_("Alle werkgroepen")
    )
    action = django_filters.ChoiceFilter(
        label=_("Wat"), choices=list(accesslog.LABELS.items()), empty_label=_("Alles")
    )
    label = django_filters.CharFilter(label=_("Document of item"), lookup_expr="icontains")
    timestamp = django_filters.DateFromToRangeFilter(label=_("Datum"), widget=DateRangePickerWidget)

    class Meta:
        model = ModelLogEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["space"].extra["choices"] = _spaces()

    def filter_space(self, queryset, name, value):
        try:
            return queryset.filter(data__space_id=int(value))
        except (TypeError, ValueError):
            return queryset.none()


class AccessLogView(ReportView):
    page_title = _("Toegangslog")
    header_icon = "history"
    index_url_name = "werkgroepen_access_log"
    index_results_url_name = "werkgroepen_access_log_results"
    results_template_name = "werkgroepen/admin/access_log_results.html"
    filterset_class = AccessLogFilterSet
    list_export = ["timestamp", "user_display_name", "action_label", "space_title", "label"]
    export_headings = {
        "timestamp": _("Wanneer"),
        "user_display_name": _("Wie"),
        "action_label": _("Wat"),
        "space_title": _("Werkgroep"),
        "label": _("Document of item"),
    }
    columns = [
        DateColumn("timestamp", label=_("Wanneer")),
        UserColumn("user", label=_("Wie")),
        Column("action_label", label=_("Wat")),
        Column("space_title", label=_("Werkgroep")),
        Column("label", label=_("Document of item")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "toegangslog"

    def get_queryset(self):
        return accesslog.entries()

    def decorate_paginated_queryset(self, object_list):
        for entry in object_list:
            entry.action_label = accesslog.LABELS.get(entry.action, entry.action)
            entry.space_title = (entry.data or {}).get("space_title", "")
        return object_list


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)
