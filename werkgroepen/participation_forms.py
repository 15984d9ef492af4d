"""Forms of invitation links and polls: the lead's and the participant's."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import KeyChoiceField
from core.mail import mail_languages
from werkgroepen import invitations, polls
from werkgroepen.models import Invitation, Poll

MAX_OPTIONS = 10
INPUT_MAX_LENGTH = 2000


class InvitationForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Waarvoor is de link?"),
        choices=Invitation.Purpose.choices,
        initial=Invitation.Purpose.INPUT,
        widget=forms.RadioSelect,
    )
    poll = KeyChoiceField(
        label=_("Welke peiling?"),
        queryset=Poll.objects.none(),
        required=False,
        help_text=_("Alleen als de link voor een peiling is."),
    )
    name = forms.CharField(
        label=_("Voornaam (niet verplicht)"),
        max_length=60,
        required=False,
        help_text=_("Alleen de werkgroep ziet deze naam, bij de inbreng."),
    )
    language = forms.ChoiceField(label=_("Taal van de pagina"), choices=mail_languages)
    days = forms.IntegerField(
        label=_("Hoeveel dagen geldig?"),
        min_value=1,
        max_value=invitations.MAX_DAYS,
        initial=invitations.DEFAULT_DAYS,
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poll"].queryset = polls.open_for_invitations(space)
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Invitation.Purpose.POLL and not data.get("poll"):
            self.add_error("poll", _("Kies de peiling waarvoor de link is."))
        return data


class ParticipantInputForm(forms.Form):
    text = forms.CharField(
        label=_("Wat wil je zeggen?"),
        max_length=INPUT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachment = forms.FileField(
        label=_("Een foto of een spraakbericht (niet verplicht)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,audio/*"}),
    )
    # Unchecked by default: silence is no consent (werkgroepen.consent).
    consent_quote = forms.BooleanField(
        label=_("Ja, jullie mogen mijn woorden tonen op de website, zonder mijn naam."),
        required=False,
    )
    consent_photo = forms.BooleanField(
        label=_("Ja, jullie mogen mijn foto gebruiken."),
        required=False,
        help_text=_("Alleen als je een foto stuurt."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            problem = invitations.check_attachment(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachment"):
            raise forms.ValidationError(_("Schrijf iets, of stuur een foto of spraakbericht."))
        return data


class AnswerForm(forms.Form):
    option = KeyChoiceField(
        label=_("Jouw antwoord"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies een van de antwoorden.")},
    )

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = poll.options.all()
        self.fields["option"].label = poll.question


class PollForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Antwoorden"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén antwoord per regel. Minstens 2, hoogstens 10."),
    )

    class Meta:
        model = Poll
        fields = [
            "question",
            "description",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "results_visible",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + datetime.timedelta(days=7)

    def clean_options(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        labels = list(dict.fromkeys(line[:200] for line in lines if line))
        if len(labels) < 2:
            raise forms.ValidationError(_("Geef minstens 2 verschillende antwoorden."))
        if len(labels) > MAX_OPTIONS:
            raise forms.ValidationError(_("Geef hoogstens 10 antwoorden."))
        return labels

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("De peiling moet sluiten na het begin."))
        elif closes and closes <= timezone.now():
            self.add_error("closes_at", _("Kies een moment in de toekomst."))
        return data
