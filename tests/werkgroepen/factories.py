"""Factories for the working groups. The tree builds itself: a meeting's parent is a
space, a space's parent the index, the index's parent the Dutch start page."""

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from tests.home.factories import HomePageFactory
from werkgroepen.models import (
    FeedbackPage,
    InputItem,
    MeetingPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)


def _home():
    return HomePage.objects.filter(locale=Locale.get_default()).first() or HomePageFactory()


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WorkingGroupIndexPage

    title = "Werkgroepen"
    slug = "werkgroepen"
    intro = "In de werkgroepen bereiden partners en gezinnen samen acties voor."
    live = True
    parent = factory.LazyFunction(_home)


def _index():
    return WorkingGroupIndexPage.objects.first() or WorkingGroupIndexPageFactory()


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WorkingGroupPage

    title = factory.Sequence(lambda n: f"Werkgroep test {n}")
    slug = factory.LazyAttribute(lambda page: page.title.lower().replace(" ", "-"))
    purpose = "<p>We zoeken samen hoe gezinnen makkelijker hulp vinden.</p>"
    live = True
    parent = factory.LazyFunction(_index)


class MeetingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MeetingPage

    title = factory.Sequence(lambda n: f"Vergadering {n}")
    slug = factory.Sequence(lambda n: f"vergadering-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))
    place = "Buurthuis De Brug, Kerkstraat 12"
    agenda = "<p>Voorbereiding van de gezinnendag.</p>"
    live = True
    parent = factory.SubFactory(WorkingGroupPageFactory)


class FeedbackPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FeedbackPage

    title = "Wat gebeurde er met jouw inbreng?"
    slug = "terugkoppeling"
    intro = "Je gaf ons je mening. Hier lees je wat we ermee deden."
    live = True
    parent = factory.LazyFunction(_home)


class InputItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InputItem

    space = factory.SubFactory(WorkingGroupPageFactory)
    locale = factory.LazyFunction(Locale.get_default)
    text = "Een mama vertelt dat de brief van het OCMW te moeilijk was."
    public_summary = "Ouders vinden de brieven van het OCMW moeilijk."
    status = InputItem.Status.RECEIVED
    # The group's own words: public without anyone's consent (test_consent.py tests
    # the items that need one).
    by_group = True
