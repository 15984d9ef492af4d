"""Earlier versions of a document.

``portal.PortalDocument`` always holds the current file (so search, choosers and
Wagtail's serve view see one document). When a file is replaced — from the space or
in the Wagtail admin — the old file is kept, untouched in the private storage, as a
``DocumentVersion``; it can be downloaded by whoever may download the document.
"""

import os

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.documents import get_private_storage


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        "portal.PortalDocument",
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("versie"))
    file = models.FileField(
        _("bestand"), upload_to="documents/versions", storage=get_private_storage, max_length=255
    )
    file_size = models.PositiveBigIntegerField(_("grootte"), null=True, blank=True)
    file_hash = models.CharField(max_length=40, blank=True)
    uploaded_at = models.DateTimeField(_("opgeladen op"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )
    replaced_at = models.DateTimeField(_("vervangen op"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vervangen door"),
    )

    class Meta:
        verbose_name = _("eerdere versie")
        verbose_name_plural = _("eerdere versies")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return f"{self.document} (v{self.number})"

    @property
    def filename(self):
        return os.path.basename(self.file.name)

    @property
    def file_extension(self):
        return os.path.splitext(self.filename)[1].lower().lstrip(".")
