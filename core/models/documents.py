"""One document model for the whole site.

Files are stored in the ``private`` storage (outside MEDIA_ROOT), so the web server
can never hand them out directly: every download goes through Wagtail's serve view,
which checks the collection's view restriction.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


class PortalDocument(AbstractDocument):
    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", _("Wacht op verwerking")
        DONE = "done", _("Tekst gelezen")
        FAILED = "failed", _("Tekst kon niet gelezen worden")
        UNSUPPORTED = "unsupported", _("Geen tekst (bestandstype)")

    file = models.FileField(
        upload_to="documents", storage=get_private_storage, verbose_name=_("bestand")
    )
    description = models.TextField(_("beschrijving"), blank=True)
    extracted_text = models.TextField(_("tekst uit het bestand"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("tekstherkenning"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(max_length=255, blank=True, editable=False)
    trashed_at = models.DateTimeField(_("in de prullenbak sinds"), null=True, blank=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("weggegooid door"),
    )

    admin_form_fields = (*Document.admin_form_fields, "description")

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description", boost=2),
        index.SearchField("extracted_text"),
        index.FilterField("trashed_at"),
        index.FilterField("collection_id"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        permissions = [("choose_document", "Can choose document")]
        # The few documents in the trash: every search statement's privacy filter
        # excludes them (without it, each statement read every document).
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(trashed_at__isnull=False),
                name="portal_document_trashed",
            )
        ]

    @property
    def is_trashed(self):
        return self.trashed_at is not None
