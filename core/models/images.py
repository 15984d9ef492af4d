from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """An image with the credit line the practice sheets carry."""

    credit = models.CharField(_("bron / fotograaf"), max_length=255, blank=True)
    alt_text = models.CharField(
        _("alternatieve tekst"),
        max_length=255,
        blank=True,
        help_text=_("Beschrijf wat op de foto staat, voor wie ze niet kan zien."),
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")
        permissions = [("choose_image", "Can choose image")]


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
