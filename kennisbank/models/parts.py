"""The repeated parts of a practice sheet: tips, obstacles and attachments.

Tips and obstacles are rows of their own (not a text blob or a StreamField), so the
tips overview can list every tip of every practice with one query, and translators
translate each one (they are ``TranslatableMixin`` child objects).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin


class PracticeListItem(TranslatableMixin, Orderable):
    text = models.TextField(_("tekst"), max_length=1000)

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    def __str__(self):
        return self.text


class PracticeTip(PracticeListItem):
    page = ParentalKey("kennisbank.PracticePage", on_delete=models.CASCADE, related_name="tips")

    class Meta(PracticeListItem.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")


class PracticeObstacle(PracticeListItem):
    page = ParentalKey(
        "kennisbank.PracticePage", on_delete=models.CASCADE, related_name="obstacles"
    )

    class Meta(PracticeListItem.Meta):
        verbose_name = _("hindernis")
        verbose_name_plural = _("hindernissen")


class PracticeAttachment(Orderable):
    """A document attached to a practice (a flyer, an evaluation report, …)."""

    page = ParentalKey(
        "kennisbank.PracticePage", on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "portal.PortalDocument",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
