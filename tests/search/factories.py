"""Test data for search: content pages, documents, synonyms.

Until the kennisbank and werkgroepen page types are merged, generic content is a
``HomePage`` placed below the start page (it has an intro, a body and an easy-read
field like every BasePage). Pages are published through revisions, as editors do.
"""

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from core.models import PortalDocument
from home.models import HomePage
from search.models import Synonym


class ContentPageFactory(wagtail_factories.PageFactory):
    """A generic content page (a HomePage below the start page)."""

    class Meta:
        model = HomePage

    title = factory.Sequence(lambda n: f"Inhoudspagina {n}")
    slug = factory.Sequence(lambda n: f"inhoud-{n}")
    intro = ""
    live = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("locale", Locale.get_default())
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


def body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def easy(*texts):
    return [("paragraph", {"text": text}) for text in texts]


class PortalDocumentFactory(wagtail_factories.DocumentFactory):
    class Meta:
        model = PortalDocument

    title = factory.Sequence(lambda n: f"Document {n}")
    description = ""
    extracted_text = ""


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Synonym

    terms = "OCMW, sociaal huis"
    locale = factory.LazyFunction(Locale.get_default)


def restrict_page(page, *groups, restriction_type=PageViewRestriction.GROUPS):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)
    if groups:
        restriction.groups.set(groups)
    return restriction


def private_collection(name, *groups):
    root = Collection.get_first_root_node()
    collection = root.add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    return collection


def translate(page, language_code, **fields):
    """Publish a translation of ``page`` (a copy in another locale)."""
    locale = Locale.objects.get(language_code=language_code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def trash(document, user=None):
    document.trashed_at = timezone.now()
    document.trashed_by = user
    document.save()
    return document
