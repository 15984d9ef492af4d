"""Factories for the glossary (core.models.GlossaryTerm)."""

import factory
from wagtail.models import Locale

from core.models import GlossaryTerm


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"woord{n}")
    variants = ""
    explanation = "Een uitleg in gewone woorden."
    locale = factory.LazyFunction(Locale.get_default)
