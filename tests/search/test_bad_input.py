"""Any string a person can type is a query: never a server error.

A fixed list of nasty inputs (engine operators, quotes, huge strings, emoji,
right-to-left text, control characters, null bytes, bad page numbers and facet
values) and Hypothesis-generated strings, against the search page, its JSON and
the suggestions, on whichever database the suite runs on."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.factories import ContentPageFactory, PortalDocumentFactory, body

NASTY_QUERIES = [
    "",
    " ",
    "\t\n",
    '"',
    '""',
    '"tolk',
    'tolk"',
    '"tolk gesprek',
    "'",
    "*",
    "tolk*",
    "*tolk",
    "-",
    "--",
    "-tolk",
    "- tolk",
    "tolk -",
    "NEAR",
    "NEAR(tolk gesprek)",
    "NEAR/3",
    "AND",
    "OR",
    "NOT",
    "tolk AND gesprek",
    "tolk OR",
    "AND OR NOT",
    "(",
    ")",
    "((tolk)",
    "[tolk]",
    "{title_index lead_index} : tolk",
    "title_index:tolk",
    "tolk:*",
    "^tolk",
    "tolk & | ! <-> gesprek",
    "'tolk':A",
    "\\",
    "%",
    "_",
    "%_%",
    "a" * 10_000,
    "tolk " * 2_000,
    "🙂",
    "👨‍👩‍👧 gezin",
    "🙂" * 3_000,
    "مترجم فوري",
    "\u202etolk\u202c",
    "\u200f\u200e",
    "\x01\x02\x03",
    "\x00",
    "tolk\x00gesprek",
    "\x00" * 100,
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "\U0001d4af\U0001d45c\U0001d4c1\U0001d4c0",  # "tolk" in mathematical letters
    "٠١٢٣",
    "ﷺ",
    "Z̸̢̛a̶l̷g̴o̸",
    "SELECT * FROM search_searchentry; --",
    "1' OR '1'='1",
    "\ufeff\ufffe\uffff",
]

BAD_PARAMS = [
    {"page": "-1"},
    {"page": "abc"},
    {"page": "0"},
    {"page": "99999999999999999999"},
    {"page": "1e3"},
    {"page": "²"},
    {"page": ""},
    {"jaar": "abc"},
    {"jaar": "99999999999999999999"},
    {"jaar": "²"},
    {"type": "<script>"},
    {"thema": "not-a-uuid"},
    {"thema": "\x00"},
    {"doelgroep": "00000000-0000-0000-0000-000000000000"},
    {"werkgroep": "abc"},
    {"werkgroep": "99999999999999999999"},
    {"taal": "xx"},
    {"taal": ["alle", "nl"]},
    {"niveau": "🙂"},
    {"format": "xml"},
]


@pytest.fixture
def content(home_page):
    ContentPageFactory(
        parent=home_page,
        title="Tolk in het gesprek",
        intro="Een tolk helpt bij het gesprek.",
        body=body("Gezinnen en focusgroepen."),
    )
    PortalDocumentFactory(title="Folder tolk", extracted_text="De tolkendienst.")


def _all_ways(client, params):
    for path, extra in (
        ("/nl/zoeken/", {}),
        ("/nl/zoeken/", {"format": "json"}),
        ("/ar/zoeken/", {"taal": "alle"}),
        ("/nl/zoeken/suggesties/", {}),
        ("/nl/zoeken/suggesties/", {"format": "html"}),
    ):
        response = client.get(path, {**params, **extra})
        assert response.status_code == 200, (path, params, response.content[:300])


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_queries_never_give_a_server_error(content, client, query):
    _all_ways(client, {"q": query})


@pytest.mark.parametrize("params", BAD_PARAMS)
def test_bad_page_numbers_and_facet_values_never_give_a_server_error(content, client, params):
    _all_ways(client, {"q": "tolk", **params})


def test_a_huge_query_is_cut_with_a_friendly_message(content, client):
    html = client.get("/nl/zoeken/", {"q": "tolk " + "a" * 10_000}).content.decode()
    assert "erg lang" in html


def test_operators_are_plain_words(content, client):
    answer = client.get("/nl/zoeken/", {"q": "tolk AND gesprek", "format": "json"}).json()
    assert answer["total"] >= 1  # "and" is a word, never an operator
    answer = client.get("/nl/zoeken/", {"q": "NEAR(tolk gesprek)", "format": "json"}).json()
    assert answer["total"] >= 1


def test_only_symbols_give_a_friendly_empty_page(content, client):
    html = client.get("/nl/zoeken/", {"q": "*** !!! ((("}).content.decode()
    assert "Niets gevonden" in html


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    page=st.one_of(st.none(), st.text(max_size=8), st.integers(-(10**6), 10**6).map(str)),
)
def test_any_typed_string_is_a_valid_query(content, client, query, page):
    params = {"q": query}
    if page is not None:
        params["page"] = page.replace("\x00", "")
    for path, extra in (("/nl/zoeken/", {"format": "json"}), ("/nl/zoeken/suggesties/", {})):
        response = client.get(path, {**params, **extra})
        assert response.status_code == 200, (path, params)


class BrokenEngine:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            from search.engines.base import SearchUnavailable

            raise SearchUnavailable("server down")

        return fail


def test_an_engine_that_is_down_gives_a_friendly_page_not_a_crash(content, client, monkeypatch):
    from search import service

    monkeypatch.setattr(service, "get_engine", lambda: BrokenEngine())
    response = client.get("/nl/zoeken/", {"q": "tolk"})
    assert response.status_code == 503
    assert "Zoeken lukt nu even niet" in response.content.decode()
    response = client.get("/nl/zoeken/", {"q": "tolk", "format": "json"})
    assert response.status_code == 503
    assert "error" in response.json()
    assert client.get("/nl/zoeken/suggesties/", {"q": "tol"}).status_code == 503


def test_elasticsearch_without_an_address_fails_the_system_check(settings):
    from search.checks import elasticsearch_needs_an_address

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    assert [e.id for e in elasticsearch_needs_an_address(None)] == ["search.E001"]
    settings.ELASTICSEARCH_URL = "http://search.internal:9200"
    assert elasticsearch_needs_an_address(None) == []
