"""The admin's import screen keeps a report of each run: who imported which files
under which kennisbank, and one line per file (kennisbank.imports)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetImport(models.Model):
    """One run of *Praktijkfiches importeren*: the files an editor dropped at once."""

    started_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    parent = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kennisbank"),
    )
    # The run's uploads wait here (private storage) until the background task has read
    # them; the folder is removed when the run is done.
    folder = models.CharField(max_length=255, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import van praktijkfiches")
        verbose_name_plural = _("imports van praktijkfiches")

    def __str__(self):
        return f"{self.parent} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def done(self):
        return self.finished_at is not None


class SheetImportLine(models.Model):
    """What became of one file of a run."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("wacht")
        CREATED = "created", _("nieuw concept")
        UPDATED = "updated", _("bijgewerkt")
        UNCHANGED = "unchanged", _("ongewijzigd")
        FAILED = "failed", _("niet ingelezen")
        PHOTO = "photo", _("foto")

    run = models.ForeignKey(SheetImport, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    filename = models.CharField(_("bestand"), max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    page = models.ForeignKey(
        "kennisbank.PracticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(blank=True)
    suggestions = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "position"]

    def __str__(self):
        return f"{self.filename}: {self.status}"
