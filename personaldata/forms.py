from django import forms
from django.utils.translation import gettext_lazy as _


class FindForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een account of een deelnemer"),
        help_text=_("Gebruikersnaam, naam of e-mailadres; of de voornaam bij een uitnodiging."),
        max_length=150,
        required=False,
    )


class EraseForm(forms.Form):
    remove_input = forms.BooleanField(
        label=_("Ook de inbreng van deze persoon verwijderen"),
        help_text=_("Anders blijft de inbreng staan, met als afzender 'een deelnemer'."),
        required=False,
    )
    confirm = forms.CharField(label=_("Typ ter bevestiging"), max_length=150)

    def __init__(self, *args, expected, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirm"].help_text = _("Typ %(word)s om te bevestigen.") % {"word": expected}

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.expected:
            raise forms.ValidationError(
                _("Dat is niet juist. Typ precies %(word)s.") % {"word": self.expected}
            )
        return value
