"""Admin hooks for easy-read: the readability endpoint (``/admin/leesbaarheid/``), the
report of outdated easy-read versions, and the glossary snippet ("Woordenlijst") with a
"propose this word" add link."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from core.models import GlossaryTerm
from easyread.reports import OutdatedEasyReadReportView
from easyread.views import readability_view


@hooks.register("register_admin_urls")
def easy_read_admin_urls():
    return [
        path("leesbaarheid/", readability_view, name="portal_readability"),
        path(
            "rapporten/eenvoudige-taal/",
            OutdatedEasyReadReportView.as_view(),
            name="portal_easy_read_report",
        ),
        path(
            "rapporten/eenvoudige-taal/resultaten/",
            OutdatedEasyReadReportView.as_view(results_only=True),
            name="portal_easy_read_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def easy_read_report_menu_item():
    return MenuItem(
        gettext_lazy("Eenvoudige taal verouderd"),
        reverse("portal_easy_read_report"),
        name="portal-easy-read",
        icon_name="warning",
        order=810,
    )


# --- Glossary ---------------------------------------------------------------------


class GlossaryCreateView(CreateView):
    """The add form, pre-filled with ``?term=`` (the readability checker links here)."""

    def get_initial(self):
        initial = super().get_initial()
        term = self.request.GET.get("term", "").strip()[:80]
        if term:
            initial["term"] = term
        return initial


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = gettext_lazy("Woordenlijst")
    menu_name = "woordenlijst"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["term", "explanation"]
    search_fields = ["term", "explanation"]
    add_view_class = GlossaryCreateView


register_snippet(GlossaryViewSet)
