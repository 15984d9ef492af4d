"""The admin's import screen for practice sheets (``/admin/praktijkfiches/``): the
upload form with the last runs, and one run's report. The work itself is in
``kennisbank.imports``."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kennisbank import imports
from kennisbank.models import SheetImport


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows it. Size and type are
    not checked here: each file gets its own line in the report (``imports.start``)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [file for file in files if file]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [single(file, initial) for file in files]


class SheetImportForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Kennisbank"),
        coerce=int,
        help_text=gettext_lazy("De nieuwe praktijkfiches komen hieronder, als concept."),
    )
    files = MultipleFileField(
        label=gettext_lazy("Bestanden"),
        help_text=gettext_lazy(
            "Eén of meer praktijkfiches (.docx, .odt, .txt of .md) en de foto's die ze "
            "noemen (.jpg, .png, .webp). Hoogstens %(files)d bestanden van elk %(size)d MB."
        )
        % {"files": imports.MAX_FILES, "size": imports.MAX_FILE_BYTES // (1024 * 1024)},
        error_messages={"required": gettext_lazy("Kies minstens één bestand.")},
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {page.pk: page for page in parents}
        self.fields["parent"].choices = [
            (page.pk, f"{page.title} ({page.locale.get_display_name()})") for page in parents
        ]

    def clean_parent(self):
        return self.parents[self.cleaned_data["parent"]]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > imports.MAX_FILES:
            raise forms.ValidationError(
                _("Te veel bestanden tegelijk (%(count)d); hoogstens %(max)d.")
                % {"count": len(files), "max": imports.MAX_FILES}
            )
        return files


def _parents_or_refuse(user):
    parents = imports.parents_for(user)
    if not parents:
        raise PermissionDenied
    return parents


def import_view(request):
    parents = _parents_or_refuse(request.user)
    form = SheetImportForm(request.POST or None, request.FILES or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        run = imports.start(request.user, form.cleaned_data["parent"], form.cleaned_data["files"])
        return redirect("kennisbank_sheet_import", run.pk)
    runs = SheetImport.objects.filter(parent__in=parents).select_related("user", "parent")
    return TemplateResponse(
        request,
        "kennisbank/admin/sheet_import.html",
        {
            "form": form,
            "runs": runs[: imports.KEEP_RUNS],
            "page_title": _("Praktijkfiches importeren"),
            "header_icon": "upload",
        },
    )


def report_view(request, run_id):
    parents = _parents_or_refuse(request.user)
    run = get_object_or_404(SheetImport, pk=run_id, parent__in=parents)
    return TemplateResponse(
        request,
        "kennisbank/admin/sheet_import_report.html",
        {
            "run": run,
            "lines": run.lines.select_related("page"),
            "page_title": _("Praktijkfiches importeren"),
            "page_subtitle": run.parent.title,
            "header_icon": "upload",
        },
    )
