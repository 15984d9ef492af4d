"""Taxonomy snippets of the kennisbank: themes, target groups, method types and the
partner organisations. Editors manage them (``editor_managed``); every term is
translatable, and its slug is shared by all its translations, so a filtered URL
(``?thema=toegang``) means the same thing in every language."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class TaxonomyBase(TranslatableMixin, index.Indexed, models.Model):
    """A translatable term editors manage as a snippet."""

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam (URL)"), max_length=120)
    description = models.TextField(_("uitleg"), blank=True)
    keywords = models.TextField(
        _("signaalwoorden"),
        blank=True,
        help_text=_(
            "Woorden die erop wijzen dat een praktijkfiche over deze term gaat, gescheiden "
            "door komma's (bijvoorbeeld: schulden, afbetalingsplan, energiefactuur). De "
            "import stelt de term dan voor; een redacteur bevestigt."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("keywords"),
    ]
    search_fields = [index.SearchField("name", boost=2), index.AutocompleteField("name")]
    editor_managed = True

    # The name and its explanation are prose and get translated; the slug is kept the
    # same in every language so facet URLs and imports work across languages.
    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("keywords"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        # The slug is unique per language (``unique_together`` below), but Wagtail's
        # snippet form leaves the language out of its fields, so Django skips that
        # check and a taken slug reached the database. Checked here, with the message
        # on the slug field.
        super().clean()
        if self.slug and self.locale_id:
            same = type(self)._default_manager.filter(locale_id=self.locale_id, slug=self.slug)
            if same.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"slug": _("Deze korte naam is al in gebruik in deze taal. Kies een andere.")}
                )


class Theme(TaxonomyBase):
    """A theme of the network (its three goals — coordination, access, tailored
    quality — and more)."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class TargetGroup(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class MethodType(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = _("soort methode")
        verbose_name_plural = _("soorten methodes")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Organisation(TaxonomyBase):
    """A partner organisation of the network, formal or informal."""

    class Kind(models.TextChoices):
        FORMAL = "formal", _("formele partner")
        INFORMAL = "informal", _("informele partner")

    kind = models.CharField(_("soort partner"), max_length=20, choices=Kind.choices)
    offer = models.TextField(_("wat biedt de organisatie?"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_role = models.CharField(_("rol contactpersoon"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    municipality = models.CharField(_("gemeente"), max_length=120, blank=True)

    panels = [
        *(panel for panel in TaxonomyBase.panels if panel.field_name != "keywords"),
        FieldPanel("kind"),
        FieldPanel("offer"),
        FieldPanel("contact_name"),
        FieldPanel("contact_role"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("municipality"),
    ]

    # What the organisation offers and the contact's role are prose; the kind of
    # partner and the contact data are facts that stay the same in every language.
    override_translatable_fields = [
        *TaxonomyBase.override_translatable_fields,
        TranslatableField("offer"),
        TranslatableField("contact_role"),
        SynchronizedField("kind"),
        SynchronizedField("contact_name"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
        SynchronizedField("website"),
        SynchronizedField("municipality"),
    ]

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
