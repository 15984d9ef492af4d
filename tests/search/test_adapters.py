"""Each kind of content becomes the right search entries, read by the adapters in
``search`` alone: methods and practices (lead, themes, target groups, tips),
meetings (date, working group), easy-read and feedback pages, documents."""

import datetime

import pytest
from django.utils import timezone

from search.models import SearchEntry
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    MethodPageFactory,
    PracticePageFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.portal.factories import UserFactory
from tests.search.conftest import titles
from tests.search.factories import PortalDocumentFactory
from tests.werkgroepen.factories import (
    FeedbackPageFactory,
    MeetingPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)


@pytest.fixture
def kennisbank(home_page):
    return KennisbankIndexPageFactory(parent=home_page)


@pytest.fixture
def space(home_page, role_groups):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    return WorkingGroupPageFactory(parent=index, title="Wonen", slug="wonen")


@pytest.fixture
def member(space):
    user = UserFactory(username="lid-wonen")
    user.save()
    user.groups.add(space.member_group)
    return user


def test_method_lead_weighs_as_lead_and_themes_become_facets(kennisbank, search_json):
    theme = ThemeFactory(name="Toegang tot hulp")
    target = TargetGroupFactory(name="Ouders van jonge kinderen")
    method = MethodPageFactory(
        parent=kennisbank,
        title="Ervaringsdeskundigen inzetten",
        lead="Een ervaringsdeskundige bouwt bruggen naar gezinnen.",
        themes=[theme],
        target_groups=[target],
    )
    entry = SearchEntry.objects.get(page=method, reading_level="full")
    assert entry.kind == "kennisbank.methodpage"
    assert "brug" in entry.content.lead_index.split()
    assert set(entry.facets.values_list("facet", "value")) == {
        ("theme", str(theme.translation_key)),
        ("target", str(target.translation_key)),
    }
    answer = search_json("ervaringsdeskundige", thema=str(theme.translation_key))
    assert titles(answer) == ["Ervaringsdeskundigen inzetten"]
    assert answer["results"][0]["type_label"] == "Methode"
    assert answer["results"][0]["location"] == ["Kennisbank"]
    # The theme's name is searchable too (the page declares it).
    assert "Ervaringsdeskundigen inzetten" in titles(search_json("toegang hulp"))


def test_theme_facet_is_labelled_in_the_visitors_language(kennisbank, client):
    theme = ThemeFactory(name="Toegang tot hulp")
    MethodPageFactory(parent=kennisbank, title="Een tolk vragen", themes=[theme])
    html = client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    facets = html.split('<aside class="search-facets"')[1].split("</aside>")[0]
    assert "Toegang tot hulp" in facets
    assert f"thema={theme.translation_key}" in facets


def test_practice_tips_are_results_of_their_own(kennisbank, search_json):
    theme = ThemeFactory(name="Samenwerking")
    practice = PracticePageFactory(
        parent=kennisbank,
        title="Buurtgerichte zorg in Kapellen",
        themes=[theme],
        tips=["Vraag de energiefacturen mee naar het eerste gesprek.", "Werk met een vaste dag."],
    )
    tips = SearchEntry.objects.filter(page=practice, kind="kennisbank.practicetip")
    assert tips.count() == 2
    answer = search_json("energiefactuur")
    # The tip first (its text is its title), then the practice that holds it.
    assert titles(answer) == [
        "Vraag de energiefacturen mee naar het eerste gesprek.",
        "Buurtgerichte zorg in Kapellen",
    ]
    tip = answer["results"][0]
    assert tip["type"] == "kennisbank.practicetip"
    assert tip["url"] == practice.url
    assert tip["location"] == ["Kennisbank", "Buurtgerichte zorg in Kapellen"]
    # Tips are filed under their practice's themes.
    filtered = search_json(
        "vaste dag", thema=str(theme.translation_key), type="kennisbank.practicetip"
    )
    assert titles(filtered) == ["Werk met een vaste dag."]


def test_editing_a_tip_updates_its_entry(kennisbank, search_json):
    practice = PracticePageFactory(parent=kennisbank, title="Praktijk", tips=["Bel op maandag."])
    tip = practice.tips.first()
    tip.text = "Bel op vrijdag."
    tip.save()
    assert titles(search_json("vrijdag", type="kennisbank.practicetip")) == ["Bel op vrijdag."]
    assert search_json("maandag", type="kennisbank.practicetip")["total"] == 0


def test_meeting_has_its_date_year_and_working_group(space, member, search_json):
    start = timezone.make_aware(datetime.datetime(2024, 5, 14, 19, 30))
    MeetingPageFactory(parent=space, title="Overleg huisvesting", start=start)
    answer = search_json("huisvesting", user=member)
    assert titles(answer) == ["Overleg huisvesting"]
    assert answer["results"][0]["date"].startswith("2024-05-14")
    assert answer["facets"]["jaar"] == {"2024": 1}
    assert answer["facets"]["werkgroep"] == {str(space.pk): 1}
    assert answer["results"][0]["location"] == ["Werkgroepen", "Wonen"]
    assert search_json("huisvesting")["total"] == 0  # not for outsiders


def test_a_spaces_documents_belong_to_its_working_group(space, member, search_json, client):
    PortalDocumentFactory(
        title="Verslag woonst", collection=space.collection, extracted_text="Over huurwaarborg."
    )
    answer = search_json("huurwaarborg", user=member)
    assert titles(answer) == ["Verslag woonst"]
    assert answer["facets"]["werkgroep"] == {str(space.pk): 1}
    client.logout()
    html = client.get("/nl/zoeken/", {"q": "huurwaarborg"}).content.decode()
    assert "Wonen" not in html  # the anonymous visitor finds nothing, sees no group
    client.force_login(member)
    html = client.get("/nl/zoeken/", {"q": "huurwaarborg"}).content.decode()
    facets = html.split('<aside class="search-facets"')[1].split("</aside>")[0]
    assert "Wonen" in facets
    assert search_json("huurwaarborg")["total"] == 0


def test_easy_read_and_feedback_pages_count_as_easy_read(home_page, search_json):
    index = EasyReadIndexPageFactory(parent=home_page)
    EasyReadPageFactory(parent=index, title="Hulp bij je rekeningen", summary="Wij helpen je.")
    FeedbackPageFactory(parent=home_page, title="Wat deden we met je rekeningen-idee?")
    answer = search_json("rekeningen", niveau="easy")
    assert set(titles(answer)) == {"Hulp bij je rekeningen", "Wat deden we met je rekeningen-idee?"}
    assert search_json("rekeningen", niveau="full")["total"] == 0


def test_documents_are_found_by_title_description_tags_and_text(home_page, search_json):
    document = PortalDocumentFactory(
        title="Jaarverslag",
        description="Cijfers over kinderarmoede.",
        extracted_text="In 2025 bereikten we 412 gezinnen.",
    )
    document.tags.add("budgetbegeleiding")
    for query in ("jaarverslag", "kinderarmoede", "budgetbegeleiding", "gezinnen 412"):
        assert "Jaarverslag" in titles(search_json(query)), query
