"""Relevance: Dutch queries and the result a person wants first; the mean
reciprocal rank must stay above 0.8.

Two sets: a corpus written for these tests (always), and the demo content
(``load_demo``), which grows as the apps add their demo pages."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from core.models import PortalDocument
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    MethodPageFactory,
    PracticePageFactory,
)
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory, SynonymFactory
from tests.search.relevance import (
    CORPUS,
    CORPUS_CASES,
    DEMO_CASES,
    describe,
    mean_reciprocal_rank,
)

MIN_MRR = 0.8


@pytest.fixture
def corpus(home_page):
    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    easy_index = EasyReadIndexPageFactory(parent=home_page)
    SynonymFactory(terms="OCMW, sociaal huis")
    for kind, title, lead, text in CORPUS:
        if kind == "method":
            MethodPageFactory(parent=kennisbank, title=title, lead=lead, body=_body(text))
        elif kind == "practice":
            PracticePageFactory(parent=kennisbank, title=title, lead=lead, goal=f"<p>{text}</p>")
        elif kind == "easy":
            EasyReadPageFactory(
                parent=easy_index,
                title=title,
                summary=lead,
                body=[("paragraph", {"text": text})],
            )
        else:
            PortalDocumentFactory(title=title, description=lead, extracted_text=text)


def _body(text):
    return [("paragraph", f"<p>{text}</p>")]


def test_corpus_queries_find_the_wanted_page_first(corpus, search_json):
    mrr, report = mean_reciprocal_rank(CORPUS_CASES, lambda case: titles(search_json(case.query)))
    assert len(CORPUS_CASES) >= 20
    print(f"MRR {mrr:.3f}\n{describe(report)}")
    assert mrr > MIN_MRR, f"MRR {mrr:.2f}\n{describe(report)}"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_demo_queries_find_the_wanted_page_first(demo, search_json):
    users = {u.username: u for u in get_user_model().objects.all()}
    existing = set(Page.objects.live().values_list("title", flat=True)) | set(
        PortalDocument.objects.values_list("title", flat=True)
    )
    missing = [case.wanted for case in DEMO_CASES if case.wanted not in existing]
    assert not missing, f"demo pages missing (renamed?): {missing}"
    assert len(DEMO_CASES) >= 20

    def search(case):
        return titles(search_json(case.query, user=users[case.user]))

    mrr, report = mean_reciprocal_rank(DEMO_CASES, search)
    print(f"MRR {mrr:.3f}\n{describe(report)}")
    assert mrr > MIN_MRR, f"MRR {mrr:.2f}\n{describe(report)}"
