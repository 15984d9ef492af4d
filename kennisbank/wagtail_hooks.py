"""Admin integration: the taxonomy snippets, the report of pages to review, the import
screen for practice sheets, and the check that keeps suggested terms from going live
unchecked."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet

from . import admin_views, imports
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


# --- Importing practice sheets --------------------------------------------------------


class SheetImportMenuItem(MenuItem):
    def is_shown(self, request):
        return imports.may_import(request.user)


@hooks.register("register_admin_urls")
def sheet_import_urls():
    return [
        path("praktijkfiches/", admin_views.import_view, name="kennisbank_sheet_imports"),
        path(
            "praktijkfiches/<int:run_id>/", admin_views.report_view, name="kennisbank_sheet_import"
        ),
    ]


@hooks.register("register_admin_menu_item")
def kennisbank_menu():
    items = [
        SheetImportMenuItem(
            _("Praktijkfiches importeren"),
            reverse("kennisbank_sheet_imports"),
            name="praktijkfiches-importeren",
            icon_name="upload",
        )
    ]
    return SubmenuMenuItem(
        _("Kennisbank"), Menu(items=items), name="kennisbank", icon_name="doc-full", order=250
    )


@hooks.register("before_publish_page")
def refuse_unchecked_suggestions(request, page):
    """A practice whose classification the importer proposed goes live only after an
    editor has checked it (and cleared ``classification_to_confirm``). The draft was
    saved before this runs: nothing the editor changed is lost."""
    if getattr(page, "classification_to_confirm", False):
        messages.error(
            request,
            gettext(
                "Nog niet gepubliceerd: de import heeft thema's, doelgroepen of methodes "
                "voorgesteld. Kijk ze na onder 'Indeling', vink 'voorgestelde indeling nog "
                "na te kijken' uit en publiceer opnieuw. Uw wijzigingen zijn bewaard als concept."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
