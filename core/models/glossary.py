"""The glossary of difficult words ("woordenlijst"), a translatable snippet.

Where a glossary word appears in a page, readers can open its plain explanation in
place (see ``easyread.glossary``). The readability checker proposes rare words
that are not in the glossary yet.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    term = models.CharField(
        _("moeilijk woord"),
        max_length=80,
        help_text=_("Het woord zoals het meestal in de tekst staat, bv. 'leefloon'."),
    )
    variants = models.CharField(
        _("andere vormen"),
        max_length=300,
        blank=True,
        help_text=_("Meervoud of andere vormen, gescheiden door komma's, bv. 'leeflonen'."),
    )
    explanation = models.TextField(
        _("uitleg in eenvoudige taal"),
        max_length=300,
        help_text=_("Eén of twee korte zinnen. Schrijf zoals je het aan een buur uitlegt."),
    )

    panels = [FieldPanel("term"), FieldPanel("variants"), FieldPanel("explanation")]
    search_fields = [
        index.SearchField("term", boost=2),
        index.AutocompleteField("term"),
        index.SearchField("explanation"),
        index.FilterField("locale_id"),
    ]
    # The word, its other forms and the explanation are all language: translators
    # translate each of them (the French glossary matches French words).
    override_translatable_fields = [
        TranslatableField("term"),
        TranslatableField("variants"),
        TranslatableField("explanation"),
    ]
    editor_managed = True

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("moeilijk woord")
        verbose_name_plural = _("woordenlijst")
        ordering = [Lower("term")]

    def __str__(self):
        return self.term

    def forms(self):
        """The term and its other forms, as written by the editor (no empty ones)."""
        parts = [self.term, *re.split(r"[,;\n]", self.variants or "")]
        return [part.strip() for part in parts if part and part.strip()]

    def clean(self):
        super().clean()
        if not self.term or not self.locale_id:
            return
        duplicate = (
            GlossaryTerm.objects.filter(locale_id=self.locale_id, term__iexact=self.term.strip())
            .exclude(pk=self.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError(
                {"term": _("Dit woord staat al in de woordenlijst van deze taal.")}
            )
