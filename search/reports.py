"""The editors' search reports: what people look for, and what they do not find.

Both read ``SearchTerm`` (daily counts written by ``search.querylog``), summed over
the chosen period (default: the last 30 days). Shown to whoever may manage promoted
search results (editors, coordinators): they are the ones who act on it.
"""

import datetime

from django.db.models import Sum
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from .models import SearchTerm

REPORT_PERMISSION = "wagtailsearchpromotions.add_searchpromotion"
DEFAULT_DAYS = 30


def may_see_reports(user):
    return user.is_active and user.has_perm(REPORT_PERMISSION)


class SearchTermFilterSet(WagtailFilterSet):
    day = DateFromToRangeFilter(label=_("Periode"), widget=DateRangePickerWidget)

    class Meta:
        model = SearchTerm
        fields = ["language"]


class BaseSearchTermReport(ReportView):
    header_icon = "search"
    is_searchable = True
    search_fields = ["query"]
    filterset_class = SearchTermFilterSet
    columns = [
        Column("query", label=_("Zoekterm"), sort_key="query"),
        NumberColumn("total", label=_("Keer gezocht"), sort_key="total"),
        NumberColumn("empty", label=_("Zonder resultaat"), sort_key="empty"),
    ]
    export_headings = {
        "query": _("Zoekterm"),
        "total": _("Keer gezocht"),
        "empty": _("Zonder resultaat"),
    }
    list_export = ["query", "total", "empty"]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        """Without a chosen period, the last ``DEFAULT_DAYS`` days."""
        kwargs = super().get_filterset_kwargs()
        data = kwargs.get("data")
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not any(data.get(k) for k in ("day_from", "day_to")):
            since = timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
            data["day_from"] = since.isoformat()
        kwargs["data"] = data
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        # One row per query; the period and language filters narrow the daily rows
        # before they are summed (they are WHERE conditions on SearchTerm's columns).
        return SearchTerm.objects.values("query").annotate(
            total=Sum("searches"), empty=Sum("without_results")
        )


class FrequentSearchesReport(BaseSearchTermReport):
    page_title = _("Meest gezocht")
    default_ordering = "-total"
    index_url_name = "search_reports:frequent"
    index_results_url_name = "search_reports:frequent_results"

    def get_filename(self):
        return f"meest-gezocht-{timezone.localdate():%Y-%m-%d}"


class EmptySearchesReport(BaseSearchTermReport):
    page_title = _("Zoekopdrachten zonder resultaat")
    default_ordering = "-empty"
    index_url_name = "search_reports:empty"
    index_results_url_name = "search_reports:empty_results"

    def get_base_queryset(self):
        return super().get_base_queryset().filter(empty__gt=0)

    def get_filename(self):
        return f"zonder-resultaat-{timezone.localdate():%Y-%m-%d}"
