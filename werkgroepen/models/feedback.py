"""What happened with participants' input: the tracker and the public feedback page.

An ``InputItem`` has two faces. Inside the space, leads see what was said (``text``,
private: it may hold personal stories) and follow it up. On the public
``FeedbackPage`` only items marked public appear, and only with their public words
(``public_summary``, ``outcome``, ``reason``), written in easy-read language. Names
of participants are never stored in those public fields by design: the public page
never renders ``text`` at all.

Items are translatable snippets (wagtail-localize), so the public words can be
translated like a page; status, theme, meeting and the public flag stay those of the
Dutch item, which leads manage.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from access.models import AudienceMixin
from core.models import BasePage
from core.models.documents import get_private_storage
from easyread.models import EasyReadMixin

from .actions import Action
from .consent import quotable

# Photos and voice notes a participant may send through an invitation link, by
# extension (their content is checked on upload: werkgroepen.invitations).
ATTACHMENT_KINDS = {
    **dict.fromkeys(["jpg", "jpeg", "png", "heic", "webp"], "image"),
    **dict.fromkeys(
        ["mp3", "m4a", "aac", "ogg", "opus", "oga", "wav", "webm", "amr", "3gp"], "audio"
    ),
}


class InputItem(TranslatableMixin, models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("ontvangen")
        DISCUSSED = "discussed", _("besproken")
        IN_PROGRESS = "in_progress", _("in uitvoering")
        DONE = "done", _("uitgevoerd")
        NOT_TAKEN_UP = "not_taken_up", _("niet weerhouden")

    OPEN_STATUSES = (Status.RECEIVED, Status.DISCUSSED, Status.IN_PROGRESS)
    # How the public page names each status: short, plain words.
    PUBLIC_STATUS_LABELS = {
        Status.RECEIVED: _("We hebben het gehoord"),
        Status.DISCUSSED: _("We hebben erover gepraat"),
        Status.IN_PROGRESS: _("We werken eraan"),
        Status.DONE: _("Het is gebeurd"),
        Status.NOT_TAKEN_UP: _("We doen het niet"),
    }

    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="input_items",
        verbose_name=_("werkgroep"),
    )
    received_on = models.DateField(_("ontvangen op"), default=timezone.localdate)
    meeting = models.ForeignKey(
        "werkgroepen.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="input_items",
        verbose_name=_("op de vergadering"),
    )
    theme = models.ForeignKey(
        "kennisbank.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thema"),
    )
    text = models.TextField(
        _("wat werd er ingebracht?"),
        help_text=_("Alleen de werkgroep ziet dit. Schrijf geen namen van deelnemers."),
    )
    status = models.CharField(
        _("stand van zaken"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    is_public = models.BooleanField(
        _("tonen op de terugkoppelpagina"),
        default=False,
        help_text=_("Alleen de publieke tekst hieronder wordt getoond, nooit namen."),
    )
    public_summary = models.TextField(
        _("publieke tekst (eenvoudige taal)"),
        blank=True,
        max_length=600,
        help_text=_(
            "Korte zinnen. Geen namen. Bijvoorbeeld: 'Ouders vragen een zitbank aan de school.'"
        ),
    )
    outcome = models.TextField(
        _("wat is ermee gebeurd?"), blank=True, max_length=600, help_text=_("Publiek.")
    )
    reason = models.TextField(
        _("waarom niet?"),
        blank=True,
        max_length=600,
        help_text=_("Verplicht als de inbreng niet weerhouden wordt. Publiek."),
    )
    # Shown publicly without anyone's consent: the public words are the group's own,
    # not one person's (werkgroepen.models.consent.quotable).
    by_group = models.BooleanField(
        _("geschreven door de werkgroep zelf"),
        default=False,
        help_text=_(
            "Vink aan als de publieke tekst de eigen woorden van de werkgroep zijn. "
            "Anders komt de inbreng alleen publiek als de persoon toestemming gaf om "
            "geciteerd te worden."
        ),
    )
    # Input sent by a participant through an invitation link (werkgroepen.invitations):
    # the link, the first name the lead noted (if any), and a photo or voice note.
    invitation = models.ForeignKey(
        "werkgroepen.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="input_items",
        editable=False,
    )
    participant_name = models.CharField(
        _("van (voornaam, niet verplicht)"), max_length=60, blank=True
    )
    attachment = models.FileField(
        _("bijlage"),
        upload_to="inbreng/%Y/%m",
        storage=get_private_storage,
        max_length=255,
        blank=True,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("space"),
        FieldPanel("received_on"),
        FieldPanel("meeting"),
        FieldPanel("theme"),
        FieldPanel("text"),
        FieldPanel("status"),
        FieldPanel("is_public"),
        FieldPanel("by_group"),
        FieldPanel("public_summary"),
        FieldPanel("outcome"),
        FieldPanel("reason"),
    ]

    override_translatable_fields = [
        # The public words are translated for families who read another language.
        TranslatableField("public_summary"),
        TranslatableField("outcome"),
        TranslatableField("reason"),
        # Private text is never sent to a translator; facts stay the Dutch item's.
        SynchronizedField("text"),
        SynchronizedField("status"),
        SynchronizedField("is_public"),
        SynchronizedField("by_group"),
        SynchronizedField("theme"),
        SynchronizedField("meeting"),
        SynchronizedField("space"),
        SynchronizedField("received_on"),
        SynchronizedField("participant_name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        summary = self.public_summary or self.text
        return summary[:60]

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.NOT_TAKEN_UP and not self.reason.strip():
            errors["reason"] = _("Leg uit waarom de inbreng niet weerhouden wordt.")
        if self.is_public and not self.public_summary.strip():
            errors["public_summary"] = _(
                "Schrijf een publieke tekst zonder namen voor je de inbreng publiek maakt."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def attachment_kind(self):
        """The kind of the attachment: "image", "audio" or "" when there is none."""
        extension = os.path.splitext(self.attachment.name or "")[1].lower().lstrip(".")
        return ATTACHMENT_KINDS.get(extension, "") if self.attachment else ""

    @property
    def public_status_label(self):
        return self.PUBLIC_STATUS_LABELS[self.Status(self.status)]


class FeedbackPage(AudienceMixin, EasyReadMixin, BasePage):
    """Public: what happened with the input of participants, in easy-read language."""

    intro = models.TextField(
        _("inleiding"),
        blank=True,
        max_length=600,
        help_text=_("Korte zinnen. Zeg wie de werkgroepen zijn en wat deze pagina toont."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("intro"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    editorial_root = True
    max_count_per_parent = 1

    # Prose only; the items are translated as snippets (see InputItem).
    override_translatable_fields = [TranslatableField("intro")]

    class Meta:
        verbose_name = _("terugkoppelpagina")
        verbose_name_plural = _("terugkoppelpagina's")

    def public_items(self):
        """Public items in this page's language: each Dutch item, or its translation.
        Status, theme and the public flag always come from the Dutch item. Only items
        the group wrote itself or whose author may be quoted (``consent.quotable``):
        a withdrawn consent takes the item off at once. Of the
        actions taken on an item only counts are public (not dropped ones; how many are
        done), never their titles or owners: those are the space's own."""
        default = Locale.get_default()
        live = models.Q(actions__status__in=[*Action.OPEN_STATUSES, Action.Status.DONE])
        source = list(
            quotable(InputItem.objects.filter(locale=default, is_public=True))
            .exclude(public_summary="")
            .select_related("theme")
            .annotate(
                actions_total=models.Count("actions", filter=live),
                actions_done=models.Count(
                    "actions", filter=models.Q(actions__status=Action.Status.DONE)
                ),
            )
            .order_by("-received_on", "-pk")
        )
        translations = {}
        if self.locale_id != default.pk:
            translations = {
                item.translation_key: item
                for item in InputItem.objects.filter(
                    locale_id=self.locale_id,
                    translation_key__in=[item.translation_key for item in source],
                )
            }
        shown = []
        for item in source:
            words = translations.get(item.translation_key, item)
            shown.append(
                {
                    "status": item.status,
                    "status_label": item.public_status_label,
                    "theme": item.theme,
                    "received_on": item.received_on,
                    "summary": words.public_summary or item.public_summary,
                    "outcome": words.outcome or item.outcome,
                    "reason": words.reason or item.reason,
                    "actions_total": item.actions_total,
                    "actions_done": item.actions_done,
                }
            )
        return shown

    def grouped_items(self):
        """[(theme name, [(status label, [items])])], themes by name, statuses in order."""
        entries = self.public_items()
        names = self._theme_names({entry["theme"] for entry in entries if entry["theme"]})
        themes = {}
        for entry in entries:
            theme = entry["theme"]
            name = names[theme.pk] if theme else str(_("Andere onderwerpen"))
            themes.setdefault(name, []).append(entry)
        order = list(InputItem.Status)
        grouped = []
        for name in sorted(themes, key=lambda n: (n == str(_("Andere onderwerpen")), n.lower())):
            by_status = []
            for status in order:
                entries = [e for e in themes[name] if e["status"] == status]
                if entries:
                    by_status.append((InputItem.PUBLIC_STATUS_LABELS[status], status, entries))
            grouped.append((name, by_status))
        return grouped

    def _theme_names(self, themes):
        """{theme pk: its name in this page's language} for the Dutch ``themes``, in one
        query however many items share them (the Dutch name where no translation is)."""
        model = InputItem._meta.get_field("theme").related_model
        translated = dict(
            model.objects.filter(
                locale_id=self.locale_id,
                translation_key__in={theme.translation_key for theme in themes},
            ).values_list("translation_key", "name")
        )
        return {theme.pk: translated.get(theme.translation_key, theme.name) for theme in themes}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.grouped_items()
        return context
