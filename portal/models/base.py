"""The abstract base page and the small mixins it is built from.

Each mixin carries its own fields, panels and search fields, so a page type that
needs only one of them can take just that one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import EasyReadStreamBlock


class AudienceMixin(models.Model):
    """Who may read the page: everyone, or logged-in partners only.

    The choice is turned into a Wagtail page view restriction (groups Partner and
    Netwerkcoördinator) by ``portal.signals``, so every way out that respects view
    restrictions respects this field. Translations follow their source.
    """

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

    class Meta:
        abstract = True


class EasyReadMixin(models.Model):
    """An optional easy-read ("Eenvoudige taal") version of the page's content."""

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

    easy_read_panels = [FieldPanel("easy_read")]

    search_fields = [index.SearchField("easy_read")]

    class Meta:
        abstract = True

    @property
    def has_easy_read(self):
        return bool(self.easy_read)


class SearchableMixin(models.Model):
    """Search fields every page shares: the title, boosted, and autocomplete."""

    search_fields = [
        *Page.search_fields,
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
        index.FilterField("path"),
        index.FilterField("depth"),
    ]

    class Meta:
        abstract = True


class _TabbedEditHandler:
    """Builds the admin tabs of a page class from its panel lists.

    Every BasePage gets the same tabs in the same order (content, easy read,
    promote, settings), without each page type writing out a TabbedInterface.
    """

    def __get__(self, instance, owner):
        tabs = [ObjectList(owner.content_panels, heading=_("Inhoud"))]
        if getattr(owner, "easy_read_panels", None):
            tabs.append(ObjectList(owner.easy_read_panels, heading=_("Eenvoudige taal")))
        tabs.append(ObjectList(owner.promote_panels, heading=_("Promotie")))
        settings_panels = [*getattr(owner, "audience_panels", []), *owner.settings_panels]
        tabs.append(ObjectList(settings_panels, heading=_("Instellingen")))
        return TabbedInterface(tabs, base_form_class=owner.base_form_class)


class BasePage(AudienceMixin, EasyReadMixin, SearchableMixin, Page):
    """The base of every content page in the portal."""

    edit_handler = _TabbedEditHandler()

    search_fields = [*SearchableMixin.search_fields, *EasyReadMixin.search_fields]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_easy_read"] = self.has_easy_read and wants_easy_read(request)
        return context


def wants_easy_read(request):
    """The visitor asked for the easy-read version (query string or remembered cookie)."""
    choice = request.GET.get("eenvoudig")
    if choice in ("1", "0"):
        return choice == "1"
    return request.COOKIES.get("portal_easy_read") == "1"
