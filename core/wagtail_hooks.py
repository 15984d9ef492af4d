"""Admin hooks shared by the whole portal: its stylesheet for the admin, and the report
of pages past their review date ("Na te kijken")."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.review import due_pages


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))


# --- Pages past their review date -------------------------------------------------


class ReviewDueView(ReportView):
    """Pages past their review date (of every page type with one) that this editor
    may change."""

    page_title = _("Na te kijken")
    header_icon = "time"
    index_url_name = "review_due"
    index_results_url_name = "review_due_results"
    results_template_name = "portal/admin/review_due_results.html"
    list_export = ["title", "page_type_display_name", "review_date", "owner", "url_path", "live"]
    export_headings = {
        "title": _("Titel"),
        "page_type_display_name": _("Type"),
        "review_date": _("Nakijken tegen"),
        "owner": _("Eigenaar"),
        "url_path": _("Pad"),
        "live": _("Gepubliceerd"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("Titel"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        Column("page_type_display_name", label=_("Type")),
        DateColumn("review_date", label=_("Nakijken tegen")),
        UserColumn("owner", label=_("Eigenaar")),
        Column("locale", label=_("Taal"), accessor="locale.language_code"),
    ]

    def get_filename(self):
        return "na-te-kijken"

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            self.request.user, "change"
        )
        return due_pages().filter(pk__in=editable.values("pk"))


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_admin_urls")
def review_report_urls():
    return [
        path("rapporten/nakijken/", ReviewDueView.as_view(), name="review_due"),
        path(
            "rapporten/nakijken/resultaten/",
            ReviewDueView.as_view(results_only=True),
            name="review_due_results",
        ),
        # Where the report was when only the kennisbank had review dates (bookmarks).
        path(
            "kennisbank/nakijken/",
            RedirectView.as_view(pattern_name="review_due", query_string=True),
        ),
    ]


@hooks.register("register_reports_menu_item")
def review_report_menu_item():
    return ReviewMenuItem(
        _("Na te kijken"),
        reverse("review_due"),
        name="review-due",
        icon_name="time",
        order=650,
    )
