"""Admin integration: the taxonomy snippets and the report of pages to review."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet

from .models import MethodType, Organisation, TargetGroup, Theme
from .review import due_pages

for model in (Theme, TargetGroup, MethodType, Organisation):
    register_snippet(model)


class ReviewDueView(ReportView):
    """Methods and practices past their review date that this editor may change."""

    page_title = _("Na te kijken in de kennisbank")
    header_icon = "time"
    index_url_name = "kennisbank_review_due"
    index_results_url_name = "kennisbank_review_due_results"
    results_template_name = "kennisbank/admin/review_due_results.html"
    list_export = ["title", "review_date", "owner", "url_path", "live"]
    export_headings = {
        "title": _("Titel"),
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


def user_may_edit_pages(request):
    return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_edit_pages(request)


@hooks.register("register_admin_urls")
def review_report_urls():
    return [
        path("kennisbank/nakijken/", ReviewDueView.as_view(), name="kennisbank_review_due"),
        path(
            "kennisbank/nakijken/resultaten/",
            ReviewDueView.as_view(results_only=True),
            name="kennisbank_review_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def review_report_menu_item():
    return ReviewMenuItem(
        _("Na te kijken (kennisbank)"),
        reverse("kennisbank_review_due"),
        name="kennisbank-review-due",
        icon_name="time",
        order=650,
    )
