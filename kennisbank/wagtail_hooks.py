"""Admin integration: the taxonomy snippets, the import screen for practice sheets, and
the check that keeps suggested terms from going live unchecked. (The report of pages to
review is ``core``'s, for every page type with a review date.)"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views, imports
from .models import MethodType, Organisation, TargetGroup, Theme

for model in (Theme, TargetGroup, MethodType, Organisation):
    register_snippet(model)


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
