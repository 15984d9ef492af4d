"""The space's "Bewaren" page (leads only): how long the space keeps each kind of
thing, in plain words, and what happens to the documents of a member whose data is
erased. The periods themselves are set by a coordinator in the admin
(werkgroepen.retention_report)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkgroepen import retention
from werkgroepen.models import SpacePrivacy
from werkgroepen.views.access import space_view


class ErasureUploadsForm(forms.ModelForm):
    class Meta:
        model = SpacePrivacy
        fields = ["uploads_on_erasure"]
        labels = {
            "uploads_on_erasure": gettext_lazy(
                "Wat gebeurt er met de documenten van iemand wiens gegevens gewist worden?"
            )
        }
        widgets = {"uploads_on_erasure": forms.RadioSelect}
        error_messages = {
            "uploads_on_erasure": {
                "invalid_choice": gettext_lazy("Kies een van de mogelijkheden hieronder.")
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["uploads_on_erasure"]
        default = SpacePrivacy.Uploads(settings.PORTAL_ERASURE_UPLOADS).label
        field.choices = [
            (
                SpacePrivacy.Uploads.DEFAULT,
                _("Zoals het portaal het instelt (nu: %(choice)s)") % {"choice": default.lower()},
            ),
            (SpacePrivacy.Uploads.KEEP, _("Bewaren in de werkgroep, zonder de naam")),
            (SpacePrivacy.Uploads.REMOVE, _("Verwijderen")),
        ]


@space_view(lead_only=True)
def retention_page(request, space):
    privacy = SpacePrivacy.of(space)
    form = ErasureUploadsForm(request.POST or None, instance=privacy)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Je keuze is bewaard."))
            return redirect(space.url + space.reverse_subpage("retention"))
        messages.error(request, _("Je keuze is niet bewaard. Kijk hieronder wat er mis is."))
    return render(
        request,
        "werkgroepen/retention/space.html",
        {
            "page": space,
            "space": space,
            "space_section": "retention",
            "periods": retention.summary(space),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
