"""Consent: the texts a person agrees to, and the record of what they agreed.

``ConsentText`` is one *version* of the text for one purpose (taking part, being
quoted without a name on the public feedback page, photos). Design: a new row per
version. The Dutch row is the version; its translations (wagtail-localize, the same
``translation_key``) are the same version read in another language. The current
version of a purpose is its newest published Dutch row. A version somebody agreed to
is never changed: its words are locked (``clean``) and it cannot be deleted
(``werkgroepen.wagtail_hooks``); an editor writes a new version instead, which gets
the next number on its first save. Rejected: Wagtail revisions on one row per
purpose. A revision can be reverted or edited as a draft, and a record would have to
point at a revision id: harder to read and to prove than "version 3".

``Consent`` is append-only: one row per change (given or withdrawn), for an account or
for an invitation (a participant without an account), per space. The current state
is the newest row of that person, space and purpose. Rows are never updated in the
portal (``save`` refuses it) and have no admin screens. Erasure deletes the given
rows and keeps withdrawals without anyone's name (``werkgroepen.consent.erase_consents``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.languages import is_default_locale


class Purpose(models.TextChoices):
    TAKING_PART = "deelnemen", _("meedoen in de werkgroep")
    QUOTE = "citeren", _("citeren zonder naam op de terugkoppelpagina")
    PHOTO = "foto", _("foto's")


class ConsentText(TranslatableMixin, models.Model):
    purpose = models.CharField(_("waarvoor"), max_length=12, choices=Purpose.choices)
    version = models.PositiveIntegerField(_("versie"), editable=False, null=True)
    title = models.CharField(_("titel"), max_length=120)
    text = models.TextField(
        _("tekst (eenvoudige taal)"),
        max_length=2000,
        help_text=_("Korte zinnen. Zeg wat er gebeurt, wie het ziet en hoe je stopt."),
    )
    is_published = models.BooleanField(
        _("in gebruik"),
        default=False,
        help_text=_("De nieuwste versie die in gebruik is, krijgen mensen te lezen."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    editor_managed = True  # editors and coordinators write the texts (access.roles)

    panels = [
        FieldPanel("purpose"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("is_published"),
    ]

    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("text"),
        SynchronizedField("purpose"),
        SynchronizedField("is_published"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("toestemmingstekst")
        verbose_name_plural = _("toestemmingsteksten")
        ordering = ["purpose", "-version"]

    def __str__(self):
        return f"{self.title} (v{self.version or '?'})"

    def save(self, *args, **kwargs):
        if self.version is None:
            source = None if is_default_locale(self.locale_id) else self.source()
            if source is not None and source.pk != self.pk:
                self.version = source.version
            else:
                newest = (
                    type(self)
                    .objects.filter(purpose=self.purpose, locale_id=self.locale_id)
                    .aggregate(models.Max("version"))["version__max"]
                )
                self.version = (newest or 0) + 1
        return super().save(*args, **kwargs)

    def source(self):
        """The Dutch row: the version itself."""
        if is_default_locale(self.locale_id):
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    def clean(self):
        super().clean()
        if not self.pk or not is_default_locale(self.locale_id):
            return
        stored = type(self).objects.filter(pk=self.pk).values("purpose", "title", "text").first()
        if not stored or not Consent.objects.filter(text_id=self.pk).exists():
            return
        changed = any(stored[name] != getattr(self, name) for name in stored)
        if changed:
            raise ValidationError(
                _(
                    "Iemand gaf al toestemming met deze tekst. Verander hem niet: "
                    "maak een nieuwe versie."
                )
            )

    def has_records(self):
        return Consent.objects.filter(text_id=self.source().pk).exists()


class Consent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkgroepen_consents",
    )
    invitation = models.ForeignKey(
        "werkgroepen.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    given = models.BooleanField()
    # The version agreed to (for a withdrawal: the one in force then, if any). The
    # number is copied so the record reads the same without the text row.
    text = models.ForeignKey(
        ConsentText, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(null=True, blank=True)
    # Who made the change when it is not the person (a lead noting a withdrawal).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(invitation__isnull=True),
                name="consent_user_or_invitation",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()}: {'ja' if self.given else 'nee'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Consent rows are append-only: record a new row instead.")
        return super().save(*args, **kwargs)


def newest(queryset):
    """``given`` of the newest row of ``queryset`` (for a Subquery)."""
    return Subquery(queryset.order_by("-created_at", "-pk").values("given")[:1])


def quotable(items):
    """The input items of ``items`` that may be shown on the public feedback page:
    those the lead marked as written by the group itself, and those whose author has
    a current "quote" consent: the participant of the invitation it came through, or
    else the account that recorded it, in the item's space. Anything else (no author,
    no consent, a withdrawn one) stays off the page."""
    quote = Consent.objects.filter(purpose=Purpose.QUOTE)
    by_invitation = newest(quote.filter(invitation=OuterRef("invitation")))
    by_user = newest(quote.filter(user=OuterRef("created_by"), space=OuterRef("space")))
    return items.annotate(quote_by_invitation=by_invitation, quote_by_user=by_user).filter(
        Q(by_group=True)
        | Q(invitation__isnull=False, quote_by_invitation=True)
        | Q(invitation__isnull=True, created_by__isnull=False, quote_by_user=True)
    )


class ConsentRoutes:
    """The space's page where a lead notes a participant's withdrawal (mixed into
    ``WorkingGroupPage``). A member's own page is ``werkgroepen:consents``."""

    @path(
        "inbreng/uitnodigingen/<int:invitation_id>/toestemming/",
        name="invitation_consent",
    )
    def invitation_consent_route(self, request, invitation_id):
        from werkgroepen.views import consent

        return consent.invitation_withdrawal(request, self, invitation_id)
