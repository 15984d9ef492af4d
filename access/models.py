"""Who may read a page: the audience field every content page carries.

The choice is turned into a Wagtail page view restriction (groups Partner and
Netwerkcoördinator) by ``access.signals``, so every way out that respects view
restrictions respects this field. Translations follow their source.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail_localize.fields import SynchronizedField


class AudienceMixin(models.Model):
    """Who may read the page: everyone, or logged-in partners only."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Iedereen")
        PARTNERS = "partners", _("Alleen partners (aangemeld)")

    audience = models.CharField(
        _("wie mag dit lezen?"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text=_("Kies 'Alleen partners' voor informatie die niet publiek mag zijn."),
    )

    audience_panels = [FieldPanel("audience")]
    # Who may read the page is the same in every language (privacy, see signals).
    audience_translatable_fields = [SynchronizedField("audience", overridable=False)]

    class Meta:
        abstract = True
