"""A review date: the day a page's owner is reminded to check that it is still right.

``ReviewDateMixin`` carries the fields and the pieces a page type combines with its
own: ``review_panels`` for its edit form, ``review_search_fields``,
``review_translatable_fields`` and ``review_exclude_fields_in_copy``. ``core.review``
finds every page type with the mixin for the editors' report and the owners' reminders.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class ReviewDateMixin(models.Model):
    """A date by which the page's owner checks the page again."""

    review_date = models.DateField(
        _("nakijken tegen"),
        null=True,
        blank=True,
        help_text=_("Op die datum krijgt de eigenaar van de pagina een herinnering."),
    )
    # When ``send_review_reminders`` last mailed the owner about this page.
    review_reminder_sent = models.DateField(null=True, blank=True, editable=False)

    review_panels = [FieldPanel("review_date")]
    review_search_fields = [index.FilterField("review_date")]
    # One date for every language. The reminder bookkeeping is not editable, so
    # wagtail-localize leaves it alone: each translation keeps its own.
    review_translatable_fields = [SynchronizedField("review_date")]
    # A copy has not been mailed about.
    review_exclude_fields_in_copy = ["review_reminder_sent"]

    class Meta:
        abstract = True
