"""The kennisbank's page types.

``MethodPage`` and ``PracticePage`` share a concrete parent, ``KennisbankPage``, that
holds what both have (lead, taxonomy links, evidence level, review date, who uses it).
One table for the shared fields lets the index filter, count and sort methods and
practices together in single queries (see docs/decisions/0003-kennisbank.md).
"""

from django import forms
from django.db import models
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from access.models import AudienceMixin
from core.models import BasePage, ReviewDateMixin
from easyread.models import EasyReadMixin
from kennisbank.blocks import RICH_TEXT_FEATURES, MethodStreamBlock, PracticeStreamBlock

from .fields import TitleKeyField
from .taxonomy import MethodType, Organisation, TargetGroup, Theme

# The page types build their context in kennisbank.views, which imports these models:
# the views are imported inside the methods that use them.


class EvidenceLevel(models.TextChoices):
    EMERGENT = "emergent", _("Opkomend")
    PROMISING = "promising", _("Veelbelovend")
    PROVEN = "proven", _("Bewezen")


# Shown on every page next to its level, so readers know what the label means.
EVIDENCE_CRITERIA = {
    EvidenceLevel.EMERGENT: _(
        "Een partner probeert het uit. Er zijn eerste ervaringen, maar nog geen "
        "evaluatie met de deelnemers."
    ),
    EvidenceLevel.PROMISING: _(
        "Minstens twee keer toegepast en samen met de deelnemers geëvalueerd. De "
        "resultaten zijn beschreven en positief."
    ),
    EvidenceLevel.PROVEN: _(
        "Door meerdere partners toegepast en systematisch geëvalueerd, bij voorkeur "
        "met een externe partner, met een aantoonbaar effect voor de gezinnen."
    ),
}


def private_when_personal(request, response):
    """The kennisbank's pages list other pages filtered per visitor (related pages,
    facets, methods). A shared cache must never hand one visitor's version to another."""
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


class KennisbankIndexPage(RoutablePageMixin, AudienceMixin, EasyReadMixin, BasePage):
    """The kennisbank: the faceted listing, the tips overview and "Wie is wie"."""

    intro = models.TextField(_("inleiding"), blank=True, max_length=800)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("intro"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["kennisbank.MethodPage", "kennisbank.PracticePage"]
    editorial_root = True

    # The introduction is prose; everything else is structure.
    override_translatable_fields = [TranslatableField("intro")]

    class Meta:
        verbose_name = _("kennisbank")

    @path("")
    def listing(self, request):
        from kennisbank.views import listing_context

        return self.render(request, context_overrides=listing_context(request, self))

    @path("tips/", name="tips")
    def tips(self, request):
        from kennisbank.views import for_audience, tips_context

        return self.render(
            request,
            context_overrides=for_audience(
                request, self, "tips", lambda: tips_context(request, self), by_query=True
            ),
            template="kennisbank/tips_overview.html",
        )

    @path("wie-is-wie/", name="directory")
    def directory(self, request):
        from kennisbank.views import directory_context, for_audience

        return self.render(
            request,
            context_overrides=for_audience(
                request, self, "directory", lambda: directory_context(request, self), by_query=True
            ),
            template="kennisbank/partner_directory.html",
        )

    def serve(self, request, *args, **kwargs):
        return private_when_personal(request, super().serve(request, *args, **kwargs))


class KennisbankPage(AudienceMixin, EasyReadMixin, ReviewDateMixin, BasePage):
    """What methods and practices share. Not created on its own."""

    lead = models.TextField(
        _("korte inleiding"),
        blank=True,
        help_text=_("Twee of drie zinnen: waarover gaat het, voor wie?"),
    )
    themes = ParentalManyToManyField(
        Theme, blank=True, related_name="kennisbank_pages", verbose_name=_("thema's")
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, blank=True, related_name="kennisbank_pages", verbose_name=_("doelgroepen")
    )
    method_types = ParentalManyToManyField(
        MethodType, blank=True, related_name="kennisbank_pages", verbose_name=_("soort methode")
    )
    involvement = RichTextField(
        _("hoe werden mensen in armoede betrokken?"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Wie dacht mee, wanneer, en wat deed je met hun inbreng?"),
    )
    evidence_level = models.CharField(
        _("onderbouwing"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.EMERGENT,
    )
    used_by = ParentalManyToManyField(
        Organisation,
        blank=True,
        related_name="kennisbank_pages_used",
        verbose_name=_("partners die dit gebruiken"),
    )

    exclude_fields_in_copy = [*ReviewDateMixin.review_exclude_fields_in_copy]

    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("method_types", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Indeling"),
        )
    ]
    quality_panels = [
        MultiFieldPanel(
            [
                FieldPanel("involvement"),
                FieldRowPanel([FieldPanel("evidence_level"), FieldPanel("review_date")]),
                FieldPanel("used_by", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Betrokkenheid en kwaliteit"),
        )
    ]

    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("lead", boost=3),
        index.SearchField("involvement"),
        index.AutocompleteField("lead"),
        *ReviewDateMixin.review_search_fields,
        index.FilterField("evidence_level"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("method_types", [index.SearchField("name")]),
    ]

    # Prose is translated; dates, choices and taxonomy links are the same in every
    # language (a translation must never be filed under other themes).
    override_translatable_fields = [
        TranslatableField("lead"),
        TranslatableField("involvement"),
        *ReviewDateMixin.review_translatable_fields,
        SynchronizedField("evidence_level"),
        SynchronizedField("themes"),
        SynchronizedField("target_groups"),
        SynchronizedField("method_types"),
        SynchronizedField("used_by"),
    ]

    is_creatable = False
    parent_page_types = ["kennisbank.KennisbankIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("kennisbankpagina")

    @classmethod
    def get_indexed_objects(cls):
        """Wagtail's search index reads the taxonomy of every page it indexes.
        modelsearch prefetches the page's relations, but not modelcluster's
        ``ParentalManyToManyField``s, so the taxonomy is prefetched here."""
        return (
            super()
            .get_indexed_objects()
            .prefetch_related("themes", "target_groups", "method_types")
        )

    @property
    def evidence_criteria(self):
        return EVIDENCE_CRITERIA.get(self.evidence_level, "")

    def serve(self, request, *args, **kwargs):
        return private_when_personal(request, super().serve(request, *args, **kwargs))


class MethodPage(KennisbankPage):
    """A participation method (focusgroep, ervaringsdeskundige, …)."""

    body = StreamField(MethodStreamBlock(), blank=True, verbose_name=_("uitleg"))
    # What its read-aloud recording says (easyread.recordings), after the title.
    read_aloud_fields = ("lead", "body", "involvement")
    keywords = models.TextField(
        _("signaalwoorden"),
        blank=True,
        help_text=_(
            "Woorden die erop wijzen dat een praktijkfiche deze methode gebruikt, gescheiden "
            "door komma's. De import stelt de methode dan voor; een redacteur bevestigt."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("keywords"),
        *KennisbankPage.taxonomy_panels,
        *KennisbankPage.quality_panels,
    ]
    search_fields = [*KennisbankPage.search_fields, index.SearchField("body")]

    override_translatable_fields = [
        *KennisbankPage.override_translatable_fields,
        TranslatableField("body"),
        TranslatableField("keywords"),
    ]

    is_creatable = True
    parent_page_types = ["kennisbank.KennisbankIndexPage"]
    subpage_types = []
    template = "kennisbank/method_page.html"

    class Meta:
        verbose_name = _("methode")
        verbose_name_plural = _("methodes")

    def get_context(self, request, *args, **kwargs):
        from kennisbank.views import method_context

        context = super().get_context(request, *args, **kwargs)
        context.update(method_context(request, self))
        return context


class PracticePage(KennisbankPage):
    """A practice example (praktijkfiche) from one municipality."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("organisatie"),
    )
    municipality = models.CharField(_("gemeente"), max_length=120, blank=True)
    goal = RichTextField(_("doelstelling"), blank=True, features=RICH_TEXT_FEATURES)
    reach = RichTextField(_("bereik"), blank=True, features=RICH_TEXT_FEATURES)
    side_effect_target_group = RichTextField(
        _("neveneffect voor de doelgroep"), blank=True, features=RICH_TEXT_FEATURES
    )
    side_effect_partners = RichTextField(
        _("neveneffect voor de netwerkpartners"), blank=True, features=RICH_TEXT_FEATURES
    )
    side_effect_other = RichTextField(
        _("ander neveneffect"), blank=True, features=RICH_TEXT_FEATURES
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_role = models.CharField(_("rol contactpersoon"), max_length=160, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    image = models.ForeignKey(
        "portal.PortalImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("foto"),
    )
    image_credit = models.CharField(_("bron van de foto"), max_length=255, blank=True)
    methods = ParentalManyToManyField(
        MethodPage,
        blank=True,
        related_name="practices",
        verbose_name=_("gebruikte methodes"),
    )
    extra_sections = StreamField(
        PracticeStreamBlock(), blank=True, verbose_name=_("extra onderdelen")
    )
    # What its read-aloud recording says (easyread.recordings), after the title: the
    # text every visitor of the page reads, contact person included.
    read_aloud_fields = (
        *("lead", "goal", "reach", "involvement"),
        *("side_effect_target_group", "side_effect_partners", "side_effect_other"),
        *("extra_sections", "contact_name", "contact_role"),
    )
    # Set by the importer: the content of the sheet it last imported, so a re-import
    # of an unchanged sheet changes nothing (and keeps an editor's later edits).
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set by the importer when it proposed the themes, target groups or methods from
    # the sheet's words: the page is not published until an editor has checked them
    # and cleared this (kennisbank.wagtail_hooks), and the site does not show them.
    classification_to_confirm = models.BooleanField(
        _("voorgestelde indeling nog na te kijken"),
        default=False,
        help_text=_(
            "De import heeft thema's, doelgroepen of methodes voorgesteld op basis van de "
            "woorden in de fiche. Kijk ze na, pas aan waar nodig en vink dit dan uit. "
            "Zolang het aangevinkt is, kan de pagina niet gepubliceerd worden."
        ),
    )
    # The importer finds the page a sheet updates by its title, ignoring case: these
    # case-folded copies of the live and the draft title make that one indexed lookup.
    title_key = TitleKeyField(source="title")
    draft_title_key = TitleKeyField(source="draft_title")

    exclude_fields_in_copy = [*KennisbankPage.exclude_fields_in_copy, "import_fingerprint"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("municipality")]),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_credit")], heading=_("Foto")),
        FieldPanel("goal"),
        FieldPanel("reach"),
        MultiFieldPanel(
            [
                FieldPanel("side_effect_target_group"),
                FieldPanel("side_effect_partners"),
                FieldPanel("side_effect_other"),
            ],
            heading=_("Neveneffecten"),
        ),
        InlinePanel("obstacles", heading=_("Hindernissen"), label=_("hindernis")),
        InlinePanel("tips", heading=_("Tips"), label=_("tip")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
        InlinePanel("attachments", heading=_("Bijlagen"), label=_("bijlage")),
        FieldPanel("extra_sections"),
        FieldPanel("classification_to_confirm"),
        *KennisbankPage.taxonomy_panels,
        *KennisbankPage.quality_panels,
    ]

    search_fields = [
        *KennisbankPage.search_fields,
        index.SearchField("municipality", boost=2),
        index.SearchField("goal"),
        index.SearchField("reach"),
        index.SearchField("side_effect_target_group"),
        index.SearchField("side_effect_partners"),
        index.SearchField("extra_sections"),
        # The contact block is shown to everyone who may open the page, so its words
        # are found by the same people.
        index.SearchField("contact_name"),
        index.SearchField("contact_role"),
        index.FilterField("municipality"),
        index.FilterField("organisation_id"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("tips", [index.SearchField("text")]),
        index.RelatedFields("obstacles", [index.SearchField("text")]),
    ]

    # Prose (and the tips and obstacles, which are translatable child objects) is
    # translated. The contact data, place, organisation, photo, methods and
    # attachments are facts: they are synchronised from the Dutch sheet.
    override_translatable_fields = [
        *KennisbankPage.override_translatable_fields,
        TranslatableField("goal"),
        TranslatableField("reach"),
        TranslatableField("side_effect_target_group"),
        TranslatableField("side_effect_partners"),
        TranslatableField("side_effect_other"),
        TranslatableField("contact_role"),
        TranslatableField("extra_sections"),
        TranslatableField("tips"),
        TranslatableField("obstacles"),
        SynchronizedField("organisation"),
        SynchronizedField("municipality"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("image"),
        SynchronizedField("image_credit"),
        SynchronizedField("methods"),
        SynchronizedField("attachments"),
    ]

    is_creatable = True
    parent_page_types = ["kennisbank.KennisbankIndexPage"]
    subpage_types = []
    template = "kennisbank/practice_page.html"

    class Meta:
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")

    def save(self, *args, update_fields=None, **kwargs):
        # A save of some fields only (Wagtail's save_revision) keeps the keys in step.
        if update_fields is not None:
            update_fields = list(update_fields)
            for key in ("title_key", "draft_title_key"):
                source = self._meta.get_field(key).source
                if source in update_fields and key not in update_fields:
                    update_fields.append(key)
        return super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def credit(self):
        return self.image_credit or (self.image.credit if self.image else "")

    def get_context(self, request, *args, **kwargs):
        from kennisbank.views import practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_context(request, self))
        return context
