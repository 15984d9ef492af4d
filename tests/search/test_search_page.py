"""The search page: stemming, ranking rules, grouping, languages, facets, JSON,
pagination at the database, synonyms and editors' picks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query as PromotedQuery
from wagtail.contrib.search_promotions.models import SearchPromotion

from tests.search.conftest import titles
from tests.search.factories import (
    ContentPageFactory,
    PortalDocumentFactory,
    SynonymFactory,
    body,
    easy,
    translate,
)


@pytest.fixture
def page(home_page):
    def _page(title, intro="", text="", **kwargs):
        return ContentPageFactory(
            parent=home_page, title=title, intro=intro, body=body(text) if text else [], **kwargs
        )

    return _page


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("energiefactuur", "Hulp bij hoge energiefacturen voor iedereen."),
        ("focusgroep", "We organiseerden drie focusgroepen met ouders."),
        ("gezin", "Vijftig gezinnen namen deel aan het project."),
        ("energiefacturen", "Wie betaalt de energiefactuur van maart?"),
    ],
)
def test_dutch_stemming_finds_other_forms_of_the_word(page, search_json, query, text):
    page("Een pagina", text=text)
    page("Iets anders", text="Over de bibliotheek en de speeltuin.")
    found = titles(search_json(query))
    assert "Een pagina" in found
    assert "Iets anders" not in found


def test_gezin_does_not_find_zin(page, search_json):
    page("Een zin", text="Dit is een zin met zinnen.")
    assert "Een zin" not in titles(search_json("gezin"))
    assert titles(search_json("zin")) == ["Een zin"]


def test_title_ranks_above_lead_above_body(page, search_json):
    page("Over de bibliotheek", text="Een tolk vertaalt in het gesprek.")
    page("Tolk aanvragen", text="Zo vraag je er een aan.")
    page("Een eerste gesprek", intro="Met een tolk lukt het beter.")
    assert titles(search_json("tolk")) == [
        "Tolk aanvragen",
        "Een eerste gesprek",
        "Over de bibliotheek",
    ]


def test_words_side_by_side_rank_above_scattered_words(page, search_json):
    page("Verslag A", text="Het huis was sociaal ingericht, zei de buurvrouw van het kind.")
    page("Verslag B", text="Ga langs bij het sociaal huis van je gemeente.")
    assert titles(search_json("sociaal huis")) == ["Verslag B", "Verslag A"]


def test_quotes_ask_for_the_exact_phrase(page, search_json):
    page("Verslag A", text="Het huis was sociaal ingericht.")
    page("Verslag B", text="Ga langs bij het sociaal huis.")
    assert titles(search_json('"sociaal huis"')) == ["Verslag B"]


def test_minus_excludes_a_word(page, search_json):
    page("Tolk bij vergadering", text="De vergadering had een tolk.")
    page("Tolk bij gesprek", text="Het gesprek had een tolk.")
    assert titles(search_json("tolk -vergadering")) == ["Tolk bij gesprek"]


def test_stopwords_in_a_question_do_not_block_results(page, search_json):
    page("Ouders betrekken", text="Zo betrek je ouders bij de school.")
    assert titles(search_json("hoe betrek ik ouders")) == ["Ouders betrekken"]


def test_when_no_result_has_all_words_results_with_some_words_are_shown(page, search_json):
    page("Tolk aanvragen", text="Zo vraag je een tolk aan.")
    answer = search_json("tolk giraffe")
    assert titles(answer) == ["Tolk aanvragen"]
    assert answer["notices"]


def test_json_has_the_documented_fields(page, search_json):
    page("Tolk aanvragen", intro="Zo vraag je een tolk aan.")
    result = search_json("tolk")["results"][0]
    assert {"title", "url", "type", "language", "snippet", "score"} <= set(result)
    assert result["title"] == "Tolk aanvragen"
    assert result["url"].startswith("/nl/")
    assert result["type"] == "home.homepage"
    assert result["language"] == "nl"
    assert "tolk" in result["snippet"]
    assert result["score"] > 0


def test_snippets_and_titles_are_escaped_and_highlighted(page, client):
    page("<b>Tolk</b> & co", intro='Een "tolk" & een vertaler <3 tolk')
    PortalDocumentFactory(
        title="Folder", extracted_text="<script>alert('tolk')</script> <img src=x onerror=alert(1)>"
    )
    html = client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    results = html.split("search-results__list")[1]
    assert "<script>" not in results
    assert "<img" not in results
    assert "<b>" not in results
    assert "&lt;b&gt;<mark>Tolk</mark>&lt;/b&gt; &amp; co" in results
    assert "Een &quot;<mark>tolk</mark>&quot; &amp; een vertaler &lt;3 <mark>tolk</mark>" in results
    assert "&lt;script&gt;alert(&#x27;<mark>tolk</mark>&#x27;)&lt;/script&gt;" in results
    # The query itself is echoed escaped.
    html = client.get("/nl/zoeken/", {"q": "tolk <script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_visitors_language_by_default_and_all_languages_on_request(page, search_json):
    dutch = page("Tolk aanvragen", intro="Zo vraag je een tolk aan.")
    translate(dutch, "fr", title="Demander un interprète tolk")
    page("Alleen Nederlands", intro="Een tolk.")
    assert set(titles(search_json("tolk"))) == {"Tolk aanvragen", "Alleen Nederlands"}
    assert titles(search_json("tolk", language="fr")) == ["Demander un interprète tolk"]
    everything = search_json("tolk", language="fr", taal="alle")
    assert everything["total"] == 2
    # One result per page: the French one is shown to a French visitor.
    assert set(titles(everything)) == {"Demander un interprète tolk", "Alleen Nederlands"}


def test_translations_and_easy_read_are_one_result(page, client):
    dutch = page(
        "Tolk aanvragen", intro="Zo vraag je een tolk aan.", easy_read=easy("Een tolk helpt.")
    )
    translate(dutch, "fr", title="Interprète (tolk)")
    translate(dutch, "en", title="Interpreter (tolk)")
    answer = client.get("/nl/zoeken/", {"q": "tolk", "taal": "alle", "format": "json"}).json()
    assert answer["total"] == 1
    html = client.get("/nl/zoeken/", {"q": "tolk", "taal": "alle"}).content.decode()
    versions = html.split("search-result__versions")[1].split("</p>")[0]
    assert "Français" in versions and "English" in versions and "eenvoudige taal" in versions


def test_a_result_is_shown_in_a_version_that_has_the_words(page, search_json):
    dutch = page("Tolk aanvragen", intro="Zo vraag je een tolk aan.")
    translate(dutch, "fr", title="Demander un interprète", intro="Près de la speeltuin.")
    answer = search_json("speeltuin", taal="alle")
    # The Dutch version would come first for a Dutch visitor, but it lacks the word.
    assert titles(answer) == ["Demander un interprète"]
    assert answer["results"][0]["language"] == "fr"


def test_easy_read_filter_shows_the_easy_version(page, search_json):
    page("Tolk aanvragen", intro="Zo vraag je een tolk aan.", easy_read=easy("Een tolk helpt jou."))
    page("Tolk zonder eenvoudige versie", intro="Een tolk.")
    answer = search_json("tolk", niveau="easy")
    assert titles(answer) == ["Tolk aanvragen"]
    assert answer["results"][0]["reading_level"] == "easy"
    assert answer["results"][0]["url"].endswith("?eenvoudig=1")
    assert "helpt jou" in answer["results"][0]["snippet"]


def test_facets_combine_and_stay_in_the_links(page, client):
    page("Tolk aanvragen", intro="Een tolk.")
    PortalDocumentFactory(title="Folder tolk", description="Over de tolk.")
    html = client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    assert "?q=tolk&amp;type=portal.portaldocument" in html
    answer = client.get(
        "/nl/zoeken/", {"q": "tolk", "type": "portal.portaldocument", "format": "json"}
    ).json()
    assert titles(answer) == ["Folder tolk"]
    # The type facet still offers the other type (with its count) to add it.
    assert answer["facets"]["type"] == {"portal.portaldocument": 1, "home.homepage": 1}
    both = client.get(
        "/nl/zoeken/?q=tolk&type=portal.portaldocument&type=home.homepage&jaar=1999&format=json"
    ).json()
    assert both["total"] == 0
    html = client.get(
        "/nl/zoeken/", {"q": "tolk", "type": "portal.portaldocument", "page": "1"}
    ).content.decode()
    assert "type=portal.portaldocument&amp;type=home.homepage" in html


def _search_queries(client, page_number):
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/nl/zoeken/", {"q": "tolk", "page": page_number, "format": "json"})
    return answer.json(), [q["sql"] for q in queries.captured_queries]


def test_pagination_happens_in_the_database(page, client):
    for n in range(25):
        page(f"Tolk verslag {n:02d}", intro="Een tolk was er.")
    answer, queries = _search_queries(client, "2")
    assert answer["total"] == 25
    assert answer["num_pages"] == 3
    assert len(answer["results"]) == 10
    assert len([sql for sql in queries if "LIMIT 10 OFFSET 10" in sql]) == 1


def test_query_count_does_not_grow_with_the_number_of_results(page, client, version_read_once):
    for n in range(3):
        page(f"Tolk verslag {n:02d}", intro="Een tolk was er.")
    _search_queries(client, "1")  # warm the caches (synonyms, site root paths)
    _answer, few = _search_queries(client, "1")
    for n in range(3, 30):
        page(f"Tolk verslag {n:02d}", intro="Een tolk was er.")
    # The first request after a change of content reads again what is kept per
    # content version (core.cache.versioned: privacy inputs, navigation).
    _search_queries(client, "1")
    _answer, many = _search_queries(client, "1")
    assert len(many) == len(few)
    assert len(many) <= 15


def test_a_new_search_reads_its_matches_once_for_counts_and_ranking(page, client):
    """The first page of a search not kept yet is ranked in the statement that counts
    it (``summary_and_hits``), not in a second reading of the matches."""
    for n in range(12):
        page(f"Tolk verslag {n:02d}", intro="Een tolk was er." * (n % 3 + 1))
    answer, queries = _search_queries(client, "1")
    counting = [sql for sql in queries if "mm AS MATERIALIZED" in sql]
    ranking = [sql for sql in queries if "top AS MATERIALIZED" in sql]
    assert len(counting) == 1
    assert ranking == counting
    assert answer["total"] == 12
    assert len(answer["results"]) == 10


def test_each_page_is_the_same_whether_its_counts_were_kept_or_not(page, client, monkeypatch):
    """Kept counts (every search kept here): the pages after the first are ranked on
    their own; not kept: each page, the last one of 5 results too, is ranked with
    the counts. Both give the same pages, and together every result once."""
    from django.core.cache import cache

    from search import service

    monkeypatch.setattr(service, "KEEP_FROM", 0)
    for n in range(25):
        page(f"Tolk verslag {n:02d}", intro="Een tolk was er." * (n % 4 + 1))
    cache.clear()
    after_the_first = [_search_queries(client, str(n))[0]["results"] for n in (1, 2, 3)]
    on_their_own = []
    for n in (1, 2, 3):
        cache.clear()
        on_their_own.append(_search_queries(client, str(n))[0]["results"])
    assert after_the_first == on_their_own
    assert [len(results) for results in on_their_own] == [10, 10, 5]
    assert len({r["title"] for results in on_their_own for r in results}) == 25


def test_a_page_number_past_the_end_shows_the_last_page(page, search_json):
    page("Tolk", intro="Een tolk.")
    answer = search_json("tolk", page="99")
    assert answer["page"] == 1
    assert titles(answer) == ["Tolk"]


def test_synonyms_from_editors_work_both_ways(page, search_json):
    SynonymFactory(terms="OCMW, sociaal huis")
    SynonymFactory(terms="CAW, centrum algemeen welzijnswerk")
    page("Het sociaal huis", intro="Waar je terecht kunt.")
    page("Onthaal bij het CAW", intro="Iedereen welkom.")
    page("Het centrum algemeen welzijnswerk", intro="Over het centrum.")
    assert titles(search_json("ocmw")) == ["Het sociaal huis"]
    assert set(titles(search_json("Centrum Algemeen Welzijnswerk"))) == {
        "Onthaal bij het CAW",
        "Het centrum algemeen welzijnswerk",
    }
    assert set(titles(search_json("caw"))) == {
        "Onthaal bij het CAW",
        "Het centrum algemeen welzijnswerk",
    }


def test_a_new_synonym_works_at_once(page, search_json):
    page("Het sociaal huis", intro="Waar je terecht kunt.")
    assert search_json("ocmw")["total"] == 0
    SynonymFactory(terms="OCMW, sociaal huis")
    assert search_json("ocmw")["total"] == 1


def test_editors_pick_is_shown_above_the_results(page, client):
    pick = page("Alles over tolken", intro="Het overzicht.")
    page("Tolk aanvragen", intro="Een tolk.")
    SearchPromotion.objects.create(
        query=PromotedQuery.get("tolk"), page=pick, description="Begin hier.", sort_order=0
    )
    html = client.get("/nl/zoeken/", {"q": "Tolk "}).content.decode()
    promotions = html.split('class="search-promotions"')[1].split("</section>")[0]
    assert "Alles over tolken" in promotions
    assert "Begin hier." in promotions


def test_a_pick_shows_at_once_and_goes_when_deleted(page, client):
    pick = page("Alles over tolken", intro="Het overzicht.")
    page("Tolk aanvragen", intro="Een tolk.")
    assert (
        'class="search-promotions"' not in client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    )
    promotion = SearchPromotion.objects.create(
        query=PromotedQuery.get("tolk"), page=pick, description="Begin hier.", sort_order=0
    )
    assert "Begin hier." in client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()
    promotion.delete()
    assert "Begin hier." not in client.get("/nl/zoeken/", {"q": "tolk"}).content.decode()


def test_empty_query_shows_the_form_without_results(client):
    response = client.get("/nl/zoeken/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_no_results_page_offers_suggestions_without_javascript(page, client):
    page("Energiearmoede aanpakken", intro="Hulp bij facturen.")
    html = client.get("/nl/zoeken/", {"q": "energiea"}).content.decode()
    assert "Niets gevonden" in html
    assert "Energiearmoede aanpakken" in html


def test_suggestions_are_json_and_a_page_for_browsers(page, client):
    page("Energiearmoede aanpakken", intro="Hulp bij facturen.")
    page("Energie besparen", intro="Tips.")
    answer = client.get("/nl/zoeken/suggesties/", {"q": "energ"}).json()
    assert {s["title"] for s in answer["suggestions"]} == {
        "Energiearmoede aanpakken",
        "Energie besparen",
    }
    assert answer["suggestions"][0]["url"].startswith("/nl/")
    answer = client.get("/nl/zoeken/suggesties/", {"q": "energie bes"}).json()
    assert [s["title"] for s in answer["suggestions"]] == ["Energie besparen"]
    html = client.get("/nl/zoeken/suggesties/", {"q": "energ"}, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert "Energie besparen" in html.content.decode()


def test_header_search_box_offers_suggestions(client, home_page):
    html = client.get("/nl/").content.decode()
    assert 'data-suggest-url="/nl/zoeken/suggesties/"' in html
    assert 'list="site-search-suggestions"' in html
    assert "search/suggest.js" in html


def test_little_words_of_a_synonym_phrase_are_not_highlighted_everywhere(page, search_json):
    SynonymFactory(terms="ervaringsdeskundige, ervaringsdeskundige in armoede")
    page("Ervaringsdeskundigen", intro="Een ervaringsdeskundige werkt in het team.")
    client_html = search_json("ervaringsdeskundige")
    assert client_html["total"] == 1
    from search.query import parse
    from search.synonyms import SynonymSet

    query = parse(
        "ervaringsdeskundige",
        ["nl"],
        SynonymSet([["ervaringsdeskundige", "ervaringsdeskundige in armoede"]]),
    )
    stems, _words = query.highlight_stems()
    assert "in" not in stems
    assert "armoed" in stems or "armoede" in stems


def test_synonyms_apply_to_searches_in_their_language(page, search_json, home_page):
    from wagtail.models import Locale

    from tests.search.factories import translate

    SynonymFactory(
        terms="CPAS, centre public d'action sociale", locale=Locale.objects.get(language_code="fr")
    )
    dutch = page("Het OCMW", intro="Over het OCMW.")
    translate(dutch, "fr", title="Le centre public d'action sociale")
    assert titles(search_json("cpas", language="fr")) == ["Le centre public d'action sociale"]
    assert search_json("cpas")["total"] == 0  # a Dutch search does not use French synonyms
