"""Forms of the Wagtail admin for the working groups' models.

``InputItemAdminForm``: the input tracker's snippet form, whose choices of a space, a
meeting and a theme answer a value that names no row with a message
(``core.forms.KeyChoiceField``).

``PortalDocumentForm``: the Wagtail admin's document form
(``WAGTAILDOCS_DOCUMENT_FORM_BASE``). Two additions to Wagtail's own form, for every
document in the portal:
- the file is checked on its content like uploads in the spaces (``filetypes``);
- replacing the file keeps the old one as an earlier version instead of deleting it
  (Wagtail's form deletes the old file from storage).
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm

from core.forms import KeyChoiceField
from werkgroepen import filetypes


class InputItemAdminForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        field_classes = {
            "space": KeyChoiceField,
            "meeting": KeyChoiceField,
            "theme": KeyChoiceField,
        }


class PortalDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and hasattr(upload, "seek"):
            message = filetypes.check_upload(upload)
            if message:
                raise forms.ValidationError(message)
        return upload

    def save(self, commit=True):
        if commit and "file" in self.changed_data and self.instance.pk and self.original_file:
            from werkgroepen.documents import record_previous_version

            record_previous_version(self.instance, self.user, file_name=self.original_file.name)
            # The old file now belongs to the version: Wagtail must not delete it.
            self.original_file = None
        return super().save(commit=commit)
