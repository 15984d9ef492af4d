"""A space's own privacy settings: how long it keeps what, and what happens to the
uploads of a person whose data is erased.

One row per space (its original, not a translation), made on first use. An empty
field means "the portal's default" from ``PORTAL_RETENTION_DAYS`` and
``PORTAL_ERASURE_UPLOADS`` (portal/settings/base.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

RETENTION_KINDS = ("input", "comments", "poll_answers", "trash")


class SpacePrivacy(models.Model):
    class Uploads(models.TextChoices):
        DEFAULT = "", _("Zoals het portaal het instelt")
        KEEP = "keep", _("Bewaren in de werkgroep")
        REMOVE = "remove", _("Verwijderen")

    space = models.OneToOneField(
        "werkgroepen.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="privacy_settings",
        verbose_name=_("werkgroep"),
    )
    keep_input_days = models.PositiveIntegerField(
        _("inbreng bewaren (dagen)"),
        null=True,
        blank=True,
        help_text=_("Leeg: de standaard van het portaal."),
    )
    keep_comments_days = models.PositiveIntegerField(
        _("reacties bewaren (dagen)"), null=True, blank=True
    )
    keep_poll_answers_days = models.PositiveIntegerField(
        _("antwoorden op peilingen bewaren (dagen)"), null=True, blank=True
    )
    keep_trash_days = models.PositiveIntegerField(
        _("prullenbak bewaren (dagen)"), null=True, blank=True
    )
    uploads_on_erasure = models.CharField(
        _("documenten van wie gewist wordt"),
        max_length=10,
        choices=Uploads.choices,
        default=Uploads.DEFAULT,
        blank=True,
    )

    class Meta:
        verbose_name = _("privacy-instellingen van een werkgroep")
        verbose_name_plural = _("privacy-instellingen van werkgroepen")

    def __str__(self):
        return str(self.space)

    @classmethod
    def of(cls, space):
        """The settings of ``space`` (its original), unsaved defaults if none."""
        original = space.original()
        found = cls.objects.filter(space=original).first()
        return found if found is not None else cls(space=original)

    def days(self, kind):
        """How many days this space keeps ``kind`` (one of ``RETENTION_KINDS``)."""
        own = getattr(self, f"keep_{kind}_days")
        if own is not None:
            return own
        return settings.PORTAL_RETENTION_DAYS[kind]

    def removes_uploads_on_erasure(self):
        choice = self.uploads_on_erasure or settings.PORTAL_ERASURE_UPLOADS
        return choice == self.Uploads.REMOVE
