from wagtail.models import PageViewRestriction

from kennisbank.models import MethodPage, PracticePage
from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ThemeFactory,
)


def test_factories_build_a_practice_under_the_index_with_its_links(kennisbank):
    theme = ThemeFactory(name="Toegang")
    method = MethodPageFactory(parent=kennisbank, themes=[theme])
    practice = PracticePageFactory(
        parent=kennisbank,
        themes=[theme],
        methods=[method],
        used_by=[OrganisationFactory()],
        tips=["Zorg voor koffie.", "Bel de ouders op."],
        obstacles=["Weinig tijd."],
    )
    assert practice.get_parent().pk == kennisbank.pk
    assert isinstance(practice.specific, PracticePage)
    assert isinstance(method.specific, MethodPage)
    assert list(practice.methods.all()) == [method]
    assert list(method.practices.all()) == [practice]
    assert [tip.text for tip in practice.tips.all()] == ["Zorg voor koffie.", "Bel de ouders op."]
    assert practice.used_by.count() == 1
    assert theme.slug == "toegang"


def test_partner_only_factory_pages_are_restricted(kennisbank):
    practice = PracticePageFactory(parent=kennisbank, audience="partners")
    assert PageViewRestriction.objects.filter(page=practice).exists()
    assert not PageViewRestriction.objects.filter(page=kennisbank).exists()
