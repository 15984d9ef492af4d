"""Forms of the spaces (front end). Every refusal is a Dutch message next to its field."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags
from wagtail.models import Locale

from core.forms import KeyChoiceField
from kennisbank.models import Theme
from werkgroepen import filetypes
from werkgroepen.models import Action, InputItem, MeetingPage, MemberProfile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files; each is checked on its content (``filetypes``)."""

    def __init__(self, *args, max_files=20, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Kies minstens één bestand."), code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Je kan maximaal %(max)s bestanden tegelijk opladen.") % {"max": self.max_files}
            )
        errors = []
        for upload in files:
            super().clean(upload, initial)
            message = filetypes.check_upload(upload)
            if message:
                errors.append(message)
        if errors:
            raise forms.ValidationError(errors)
        return files


def _accept_attribute():
    return ",".join(f".{ext}" for ext in filetypes.allowed_extensions())


def _help_for_files():
    return _("Toegelaten: %(types)s. Maximaal %(size)s per bestand.") % {
        "types": ", ".join(filetypes.allowed_extensions()),
        "size": filesizeformat(filetypes.max_upload_size() or 0),
    }


class TagsField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        tags = [tag[:100] for tag in parse_tags(value or "")]
        if len(tags) > 10:
            raise forms.ValidationError(_("Gebruik hoogstens 10 trefwoorden."))
        return tags


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Bestanden"))
    title = forms.CharField(
        label=_("Titel"),
        max_length=255,
        required=False,
        help_text=_("Laat leeg om de bestandsnaam te gebruiken. Geldt alleen voor één bestand."),
    )
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    tags = TagsField(
        label=_("Trefwoorden"),
        required=False,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: verslag, gezinnendag"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.max_files = getattr(settings, "WERKGROEPEN_MAX_FILES_PER_UPLOAD", 20)
        field.help_text = _help_for_files()
        field.widget.attrs["accept"] = _accept_attribute()


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=255)
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    tags = TagsField(label=_("Trefwoorden"), required=False)


class NewVersionForm(forms.Form):
    file = forms.FileField(label=_("Nieuwe versie"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _help_for_files()
        self.fields["file"].widget.attrs["accept"] = _accept_attribute()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = filetypes.check_upload(upload)
        if message:
            raise forms.ValidationError(message)
        return upload


class AddMemberForm(forms.Form):
    """Adds an existing account, found by its exact username or e-mail address, so
    leads never get a list of everybody's accounts."""

    identifier = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=254,
        help_text=_("De persoon moet al een account hebben."),
    )
    as_lead = forms.BooleanField(label=_("Ook trekker maken"), required=False)

    def clean_identifier(self):
        value = self.cleaned_data["identifier"].strip()
        users = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True
        )
        if users.count() != 1:
            raise forms.ValidationError(
                _(
                    "Geen (eenduidig) account gevonden voor '%(value)s'. Vraag de "
                    "netwerkcoördinator om een account aan te maken."
                )
                % {"value": value}
            )
        self.user = users.get()
        return value


class PreferencesForm(forms.ModelForm):
    # The ways of getting mail that are a digest (``werkgroepen.digests``).
    DIGESTS = (MemberProfile.Digest.DAILY, MemberProfile.Digest.WEEKLY)

    class Meta:
        model = MemberProfile
        fields = [
            "organisation",
            "digest",
            "notify_meetings",
            "notify_minutes",
            "notify_documents",
            "mail_language",
        ]
        widgets = {"digest": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["digest"]
        field.choices = [(value, capfirst(label)) for value, label in field.choices]
        field.error_messages["required"] = _("Kies hoe je mails wil krijgen.")

    def save(self, commit=True):
        profile = super().save(commit=False)
        fields = list(self._meta.fields)
        if profile.digest in self.DIGESTS and self.initial.get("digest") not in self.DIGESTS:
            # A first digest after a pause looks back one day or week, not to the last one.
            profile.digest_sent_at = None
            fields.append("digest_sent_at")
        if commit:
            # Only the form's fields: the digest command may record a send meanwhile.
            profile.save(update_fields=fields if profile.pk else None)
        return profile


class InputItemForm(forms.ModelForm):
    class Meta:
        model = InputItem
        fields = [
            "received_on",
            "meeting",
            "theme",
            "text",
            "participant_name",
            "status",
            "outcome",
            "reason",
            "is_public",
            "by_group",
            "public_summary",
        ]
        # A meeting or theme posted as a number too big for the database is an unknown
        # choice, with the form shown again.
        field_classes = {"meeting": KeyChoiceField, "theme": KeyChoiceField}
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["meeting"].queryset = (
            MeetingPage.objects.child_of(space)
            .filter(alias_of__isnull=True)  # an alias is another space's meeting
            .order_by("-start")
            .only("title", "start")
        )
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.start:%d-%m-%Y} · {meeting.title}"
        )
        self.fields["theme"].queryset = Theme.objects.filter(locale=Locale.get_default())


class ActionForm(forms.ModelForm):
    """Leads: what, who, by when, how far. Only the space's active members can be
    chosen as owner; any other posted person is refused next to the field."""

    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_on", "status"]
        field_classes = {"owner": KeyChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "owner": {"invalid_choice": _("Kies iemand die lid is van deze werkgroep.")},
            "due_on": {"invalid": _("Geef een geldige datum, bijvoorbeeld 2026-10-31.")},
        }

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        members = space.members()
        field = self.fields["owner"]
        field.queryset = members
        field.empty_label = _("nog niemand")
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
        owner = self.instance.owner if self.instance.owner_id else None
        if owner is not None and not members.filter(pk=owner.pk).exists():
            field.help_text = _(
                "%(name)s is geen lid meer van de werkgroep. Kies iemand anders."
            ) % {"name": owner.get_full_name() or owner.get_username()}


class ActionStatusForm(forms.ModelForm):
    """The owner of an action changes its status, and nothing else."""

    class Meta:
        model = Action
        fields = ["status"]


class CommentForm(forms.Form):
    """A comment on a meeting or a document: plain text, links become clickable."""

    MAX_LENGTH = 4000

    text = forms.CharField(
        label=_("Jouw reactie"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Gewone tekst. Links worden klikbaar. Schrijf @ en een naam om iemand van de "
            "werkgroep een mail te sturen, bijvoorbeeld @Nadia."
        ),
        error_messages={
            "required": _("Schrijf eerst je reactie."),
            "max_length": _(
                "Je reactie is te lang: maximaal %(limit_value)d tekens, nu %(show_value)d."
            ),
        },
    )
