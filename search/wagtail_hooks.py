from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import personal_data, reports
from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synoniemen")
    list_display = ["terms", "note"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.may_see_reports(request.user)


report_urls = [
    path("meest-gezocht/", reports.FrequentSearchesReport.as_view(), name="frequent"),
    path(
        "meest-gezocht/resultaten/",
        reports.FrequentSearchesReport.as_view(results_only=True),
        name="frequent_results",
    ),
    path("zonder-resultaat/", reports.EmptySearchesReport.as_view(), name="empty"),
    path(
        "zonder-resultaat/resultaten/",
        reports.EmptySearchesReport.as_view(results_only=True),
        name="empty_results",
    ),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("zoekrapporten/", include((report_urls, "search_reports")))]


@hooks.register("register_reports_menu_item")
def frequent_searches_menu_item():
    return ReportMenuItem(
        _("Meest gezocht"),
        reverse("search_reports:frequent"),
        name="search-frequent",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_reports_menu_item")
def empty_searches_menu_item():
    return ReportMenuItem(
        _("Zoeken zonder resultaat"),
        reverse("search_reports:empty"),
        name="search-empty",
        icon_name="warning",
        order=1320,
    )


# An erasure of a person (personaldata): the search log and the full-text index.
hooks.register(personal_data.ERASE_HOOK, personal_data.erase)
hooks.register(personal_data.ERASED_HOOK, personal_data.compact_index)
