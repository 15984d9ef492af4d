from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from access.models import AudienceMixin
from access.privacy import viewable_pages
from core.blocks import BodyStreamBlock, EasyReadStreamBlock
from core.models import BasePage, ReviewDateMixin
from core.templatetags.core_tags import language_of
from easyread.models import EasyReadMixin
from home.templatetags.navigation_tags import menu_sections

HOME_PANELS_HOOK = "portal_home_panels"


class HomePage(AudienceMixin, EasyReadMixin, BasePage):
    """The start page of one language tree.

    Apps add personal panels for logged-in members (upcoming meetings, new documents,
    …) by registering a ``portal_home_panels`` hook: a function ``(request, page)``
    returning ``None`` or a dict with ``title``, ``template`` and ``context``.
    """

    intro = models.TextField(_("welkomsttekst"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    # What its read-aloud recording says (easyread.recordings), after the title.
    read_aloud_fields = ("intro", "body")

    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    # Welcome text and body are prose: translated per language.
    override_translatable_fields = [
        *AudienceMixin.audience_translatable_fields,
        *EasyReadMixin.easy_read_translatable_fields,
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "kennisbank.KennisbankIndexPage",
        "werkgroepen.WorkingGroupIndexPage",
        "werkgroepen.FeedbackPage",
        "home.EasyReadIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        panels = []
        for hook in hooks.get_hooks(HOME_PANELS_HOOK):
            panel = hook(request, self)
            if panel:
                panels.append(panel)
        context["home_panels"] = panels
        context["sections"] = self.sections(request)
        return context

    def sections(self, request):
        """The sections in the menu this visitor may open, as the main menu shows them
        (``home.templatetags.navigation_tags.menu_sections``)."""

        return menu_sections(request, language_of(self), self)


class EasyReadIndexPage(AudienceMixin, EasyReadMixin, BasePage):
    """The section of easy-read pages for families ("Eenvoudig uitgelegd").

    Its own text is already simple, so it has no separate easy-read version.
    """

    intro = models.TextField(
        _("korte inleiding"),
        blank=True,
        max_length=400,
        help_text=_("Eén of twee korte zinnen: wat vind je hier?"),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    read_aloud_fields = ("intro",)
    easy_read_panels = []
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("intro"),
    ]
    override_translatable_fields = [
        *AudienceMixin.audience_translatable_fields,
        *EasyReadMixin.easy_read_translatable_fields,
        TranslatableField("intro"),  # prose
    ]

    editorial_root = True
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EasyReadPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("overzicht eenvoudige taal")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().type(EasyReadPage).order_by("path")
        context["easy_read_pages"] = viewable_pages(request.user, children).specific()
        return context


class EasyReadPage(AudienceMixin, EasyReadMixin, ReviewDateMixin, BasePage):
    """Information for families in easy-read Dutch (and its translations).

    The whole page is easy-read: its body uses the easy-read blocks, and the readability
    checker in the admin aims at "eenvoudige taal". Amounts, dates and addresses for
    bills and allowances go out of date: the review date reminds the owner to check.
    """

    summary = models.CharField(
        _("in één zin"),
        max_length=200,
        blank=True,
        help_text=_("Wat staat er op deze pagina? Komt in het overzicht."),
    )
    pictogram = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("pictogram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Een eenvoudig beeld voor het overzicht."),
    )
    body = StreamField(EasyReadStreamBlock(), verbose_name=_("inhoud"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("pictogram"),
        FieldPanel("body"),
        *ReviewDateMixin.review_panels,
    ]
    easy_read_panels = []
    read_aloud_fields = ("summary", "body")
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        *ReviewDateMixin.review_search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    override_translatable_fields = [
        *AudienceMixin.audience_translatable_fields,
        *EasyReadMixin.easy_read_translatable_fields,
        TranslatableField("summary"),  # prose
        TranslatableField("body"),  # prose; block structure and images stay in sync
        SynchronizedField("pictogram"),  # the same picture in every language
        *ReviewDateMixin.review_translatable_fields,
    ]
    exclude_fields_in_copy = [*ReviewDateMixin.review_exclude_fields_in_copy]

    parent_page_types = ["home.EasyReadIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pagina in eenvoudige taal")
        verbose_name_plural = _("pagina's in eenvoudige taal")
