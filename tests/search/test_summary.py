"""The summary (total, facet counts, total in all languages) counts result groups:
a page's translations and easy-read version are one result. The shortcut for groups
with a single matching row gives the numbers of a plain COUNT(DISTINCT group)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import facets
from search import query as query_module
from search.engines import get_engine, sql
from search.engines.base import Spec
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    MethodPageFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.search.factories import PortalDocumentFactory, easy, translate


@pytest.fixture
def corpus(home_page):
    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    first, second = ThemeFactory(), ThemeFactory()
    for number in range(6):
        method = MethodPageFactory(
            parent=kennisbank,
            title=f"Gesprek {number}",
            lead="Een gesprek met ouders.",
            themes=[first] if number % 2 else [first, second],
            easy_read=easy("Een gesprek.") if number % 3 == 0 else None,
        )
        if number < 2:
            translate(method, "fr", title=f"Gesprek {number} (fr)")
    PracticePageFactory(
        parent=kennisbank,
        title="Praktijk",
        themes=[second],
        tips=["Plan het gesprek vooraf.", "Een gesprek met de tolk."],
    )
    PortalDocumentFactory(title="Verslag", extracted_text="Het gesprek van maandag.")


FILTERS = [
    {},
    {"taal": ["nl"]},
    {"taal": ["nl"], "niveau": ["easy"]},
    {"taal": ["fr"]},
    {"type": ["kennisbank.methodpage"]},
    {"taal": ["nl", "fr"], "type": ["kennisbank.practicetip"]},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_summary_counts_groups_as_count_distinct_does(corpus, monkeypatch, filters):
    spec = Spec(AnonymousUser(), query_module.parse("gesprek", ["nl", "fr"]), filters)
    summary = get_engine().summary(spec, facets.FACETS)
    monkeypatch.setattr(sql, "GROUPS", "COUNT(DISTINCT mm.fgroup)")
    plain = get_engine().summary(Spec(spec.user, spec.query, filters), facets.FACETS)
    assert summary == plain
    assert summary[0] > 0


def test_a_page_with_translation_and_easy_read_version_is_one_result(corpus):
    spec = Spec(AnonymousUser(), query_module.parse("gesprek", ["nl", "fr"]), {})
    total, counts, _all = get_engine().summary(spec, facets.FACETS)
    # 6 methods, 1 practice, 2 tips, 1 document.
    assert total == 10
    assert counts["type"]["kennisbank.methodpage"] == 6
    assert counts["taal"] == {"nl": 10, "fr": 2}


def test_the_multi_valued_facets_count_the_results_with_each_value(home_page):
    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    housing, money = ThemeFactory(), ThemeFactory()
    parents, youth = TargetGroupFactory(), TargetGroupFactory()
    for title, themes, targets in [
        ("Gesprek over wonen", [housing, money], [parents]),
        ("Gesprek over geld", [money], [parents, youth]),
        ("Gesprek met jongeren", [], [youth]),
    ]:
        MethodPageFactory(
            parent=kennisbank, title=title, themes=themes, target_groups=targets, easy_read=None
        )

    def counts(**filters):
        spec = Spec(AnonymousUser(), query_module.parse("gesprek", ["nl"]), filters)
        return get_engine().summary(spec, facets.FACETS)[1]

    def key(term):
        return str(term.translation_key)

    found = counts()
    assert found["thema"] == {key(housing): 1, key(money): 2}
    assert found["doelgroep"] == {key(parents): 2, key(youth): 2}
    # A chosen target group narrows the theme counts, and its own facet keeps every
    # value with its count.
    found = counts(doelgroep=[key(youth)])
    assert found["thema"] == {key(money): 1}
    assert found["doelgroep"] == {key(parents): 2, key(youth): 2}
