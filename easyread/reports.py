"""The admin report "Eenvoudige taal verouderd": pages whose full text changed after
their easy-read version was last edited. It lists only pages the user may edit or
publish.
"""

import django_filters
from django.apps import apps
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale, Page

from access.roles import editable_pages
from easyread.models import EasyReadMixin


def easy_read_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, EasyReadMixin) and issubclass(model, Page)
    ]


class OutdatedEasyReadFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(
        label=_("Taal"),
        queryset=Locale.objects.all(),
        field_name="locale",
    )

    class Meta:
        model = Page
        fields = []


class OutdatedEasyReadReportView(PageReportView):
    page_title = _("Eenvoudige taal verouderd")
    header_icon = "warning"
    results_template_name = "portal/admin/outdated_easy_read_results.html"
    index_url_name = "portal_easy_read_report"
    index_results_url_name = "portal_easy_read_report_results"
    filterset_class = OutdatedEasyReadFilterSet
    list_export = [*PageReportView.list_export, "content_updated_at", "easy_read_updated_at"]

    def get_queryset(self):
        ids = []
        for model in easy_read_models():
            ids.extend(
                model.objects.filter(
                    content_updated_at__isnull=False,
                    easy_read_updated_at__isnull=False,
                    content_updated_at__gt=F("easy_read_updated_at"),
                ).values_list("pk", flat=True)
            )
        self.queryset = (
            Page.objects.filter(pk__in=ids)
            .filter(pk__in=editable_pages(self.request.user).values("pk"))
            .select_related("locale")
            .specific()
            .order_by("path")
        )
        return super().get_queryset()
