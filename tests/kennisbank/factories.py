"""Factories for the kennisbank: taxonomy terms, the index, methods and practices.

Pages built with ``audience="partners"`` get their view restriction at once (the
signal that normally does it runs on commit, which tests do not reach)."""

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Locale

from access.signals import apply_audience
from kennisbank.models import (
    KennisbankIndexPage,
    MethodPage,
    MethodType,
    Organisation,
    PracticeObstacle,
    PracticePage,
    PracticeTip,
    TargetGroup,
    Theme,
)
from tests.home.factories import HomePageFactory


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        django_get_or_create = ("slug", "locale")

    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.name))
    locale = factory.LazyFunction(Locale.get_default)


class ThemeFactory(TermFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thema {n}")


class TargetGroupFactory(TermFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Doelgroep {n}")


class MethodTypeFactory(TermFactory):
    class Meta:
        model = MethodType

    name = factory.Sequence(lambda n: f"Soort {n}")


class OrganisationFactory(TermFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.FORMAL
    offer = "Onthaal en begeleiding van gezinnen."
    contact_name = "Lien Verhoeven"
    contact_role = "coördinator"
    email = factory.LazyAttribute(lambda org: f"info@{org.slug}.example")
    phone = "03 200 00 00"


class RestrictedPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True

    @factory.post_generation
    def restrict(page, create, extracted, **kwargs):
        if create and page.audience == "partners":
            apply_audience(page)


class KennisbankIndexPageFactory(RestrictedPageFactory):
    class Meta:
        model = KennisbankIndexPage

    title = "Kennisbank"
    slug = "kennisbank"
    intro = "Methodes en voorbeelden om mensen in armoede te betrekken."
    parent = factory.SubFactory(HomePageFactory)


def _set_many(page, create, extracted, attribute):
    if create and extracted:
        getattr(page, attribute).set(extracted)
        page.save()


class KennisbankPageFactory(RestrictedPageFactory):
    class Meta:
        abstract = True

    lead = factory.Faker("sentence", nb_words=14, locale="nl_BE")
    evidence_level = "promising"
    parent = factory.SubFactory(KennisbankIndexPageFactory)

    @factory.post_generation
    def themes(page, create, extracted, **kwargs):
        _set_many(page, create, extracted, "themes")

    @factory.post_generation
    def target_groups(page, create, extracted, **kwargs):
        _set_many(page, create, extracted, "target_groups")

    @factory.post_generation
    def method_types(page, create, extracted, **kwargs):
        _set_many(page, create, extracted, "method_types")

    @factory.post_generation
    def used_by(page, create, extracted, **kwargs):
        _set_many(page, create, extracted, "used_by")


class MethodPageFactory(KennisbankPageFactory):
    class Meta:
        model = MethodPage

    title = factory.Sequence(lambda n: f"Methode {n}")


class PracticePageFactory(KennisbankPageFactory):
    class Meta:
        model = PracticePage

    title = factory.Sequence(lambda n: f"Praktijk {n}")
    municipality = "Kapellen"
    goal = "<p>Ouders leren de diensten kennen.</p>"
    contact_name = "An Smets"
    contact_role = "coördinator kinderopvang"
    contact_email = "an.smets@kapellen.example"
    contact_phone = "03 123 45 67"

    @factory.post_generation
    def methods(page, create, extracted, **kwargs):
        _set_many(page, create, extracted, "methods")

    @factory.post_generation
    def tips(page, create, extracted, **kwargs):
        if create and extracted:
            for position, text in enumerate(extracted):
                PracticeTip.objects.create(page=page, text=text, sort_order=position)

    @factory.post_generation
    def obstacles(page, create, extracted, **kwargs):
        if create and extracted:
            for position, text in enumerate(extracted):
                PracticeObstacle.objects.create(page=page, text=text, sort_order=position)
