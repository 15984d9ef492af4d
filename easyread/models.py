"""The easy-read ("Eenvoudige taal") version of a page.

``EasyReadMixin`` gives a page type an optional easy-read version: a stream of simple
blocks, shown through the "Eenvoudige taal" toggle, with its own admin tab and
readability checker. Saving keeps ``content_updated_at`` and ``easy_read_updated_at``
up to date (see ``easyread.freshness``), so editors see when the easy-read version may
be older than the full text.
"""

from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from core.blocks import EasyReadStreamBlock
from core.models.documents import get_private_storage
from easyread import freshness
from easyread.panels import EasyReadStatusPanel, ReadabilityPanel

EASY_READ_COOKIE = "portal_easy_read"
EASY_READ_PARAMETER = "eenvoudig"


class EasyReadMixin(models.Model):
    """An optional easy-read version of the page's content."""

    easy_read = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name=_("eenvoudige versie"),
        help_text=_("Korte zinnen, gewone woorden. Laat leeg als er geen eenvoudige versie is."),
    )
    easy_read_updated_at = models.DateTimeField(
        _("eenvoudige versie laatst aangepast"), null=True, blank=True, editable=False
    )
    # When the full (non easy-read) content last changed; with easy_read_updated_at it
    # tells editors that the easy-read version may be out of date.
    content_updated_at = models.DateTimeField(
        _("volledige tekst laatst aangepast"), null=True, blank=True, editable=False
    )

    # The tab the base page's edit handler shows, and the checker on the content tab.
    easy_read_panels = [
        EasyReadStatusPanel(),
        FieldPanel("easy_read"),
        ReadabilityPanel(target="easy"),
    ]
    content_checks = [ReadabilityPanel()]
    easy_read_search_fields = [index.SearchField("easy_read")]
    # The easy-read version is text like any other: translated per language.
    easy_read_translatable_fields = [TranslatableField("easy_read")]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Only full saves carry content; Wagtail's bookkeeping saves pass update_fields.
        if kwargs.get("update_fields") is None:
            freshness.track_changes(self, self._previous_saved_version())
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        if freshness.take_unchanged_mark(self):
            # Saved a moment ago and not changed since (freshness.unchanged_since_save):
            # that save set the timestamps, and a comparison would find nothing.
            return super().save_revision(*args, **kwargs)
        # Compare with the newest revision in the database (not this instance's idea
        # of it: an instance built from a revision carries a stale latest_revision).
        previous = None
        if self.pk:
            revision = self.revisions.order_by("-created_at", "-id").first()
            previous = revision.as_object() if revision else self._previous_saved_version()
        freshness.track_changes(self, previous)
        return super().save_revision(*args, **kwargs)

    @property
    def has_easy_read(self):
        return bool(self.easy_read)

    @property
    def easy_read_may_be_outdated(self):
        return freshness.easy_read_may_be_outdated(self)

    def _previous_saved_version(self):
        if not self.pk:
            return None
        return type(self)._default_manager.filter(pk=self.pk).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_easy_read"] = self.has_easy_read and wants_easy_read(request)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return remember_easy_read_choice(request, response)


def wants_easy_read(request):
    """The visitor asked for the easy-read version (query string or remembered cookie)."""
    choice = request.GET.get(EASY_READ_PARAMETER)
    if choice in ("1", "0"):
        return choice == "1"
    return request.COOKIES.get(EASY_READ_COOKIE) == "1"


def remember_easy_read_choice(request, response):
    """Remember the visitor's choice from ``?eenvoudig=1|0`` in a cookie (works
    without JavaScript), and tell caches that the page depends on that cookie."""
    choice = request.GET.get(EASY_READ_PARAMETER)
    if choice in ("1", "0") and request.COOKIES.get(EASY_READ_COOKIE) != choice:
        response.set_cookie(
            EASY_READ_COOKIE,
            choice,
            max_age=365 * 24 * 60 * 60,
            samesite="Lax",
            secure=request.is_secure(),
        )
    patch_vary_headers(response, ("Cookie",))
    return response


class Recording(models.Model):
    """A server-made recording of a page's text (``easyread.recordings``)."""

    class Level(models.TextChoices):
        FULL = "full", _("volledige tekst")
        EASY = "easy", _("eenvoudige versie")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="recordings"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    language = models.CharField(max_length=12)
    # What was read: a new text (or voice) makes a new recording.
    text_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to="voorlezen", storage=get_private_storage)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "level"], name="one_recording_per_level")
        ]

    def __str__(self):
        return f"{self.page_id} {self.level}"
