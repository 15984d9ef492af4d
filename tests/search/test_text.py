"""Text analysis: the same stems on both sides of every search."""

import bisect

import pytest
import snowballstemmer

from search import text


@pytest.mark.parametrize(
    ("query_word", "text_word"),
    [
        ("energiefactuur", "energiefacturen"),
        ("focusgroep", "focusgroepen"),
        ("gezin", "gezinnen"),
        ("gesprek", "gesprekken"),
        ("gemeente", "gemeenten"),
        ("vergadering", "vergaderingen"),
        ("ervaringsdeskundige", "ervaringsdeskundigen"),
        ("werkgroep", "werkgroepen"),
        ("begeleiding", "begeleiden"),
        ("huis", "huizen"),
    ],
)
def test_dutch_singular_finds_plural(query_word, text_word):
    assert text.stem(query_word, "nl") == text.stem(text_word, "nl")


@pytest.mark.parametrize(
    ("word", "other"),
    [("gezin", "zin"), ("gemeente", "meent"), ("begeleiding", "beleid"), ("gesprek", "sprek")],
)
def test_dutch_stemmer_keeps_the_ge_that_belongs_to_the_word(word, other):
    assert text.stem(word, "nl") != text.stem(other, "nl")


@pytest.mark.parametrize(
    ("word", "other"),
    [("liggende", "liggen"), ("vlaggetje", "vlag"), ("volgende", "volgen")],
)
def test_a_ge_inside_an_ending_is_folded_with_the_ending(word, other):
    assert text.stem(word, "nl") == text.stem(other, "nl")


@pytest.mark.parametrize("word", ["mogelijk", "algemeen", "ongeveer", "werkgever"])
def test_a_ge_inside_a_word_stays_in_its_stem(word):
    assert "ge" in text.stem(word, "nl")


@pytest.mark.parametrize(
    "word", ["ouders", "kinderopvang", "vrijwilligers", "energiefacturen", "huizen", "tolken"]
)
def test_words_without_ge_get_snowballs_own_dutch_stem(word):
    assert text.stem(word, "nl") == snowballstemmer.stemmer("dutch").stemWord(word)


def test_accents_and_case_do_not_matter():
    assert text.analyze("Één ÉÉNOUDERGEZIN", "nl") == text.analyze("een eenoudergezinnen", "nl")


def test_words_split_on_hyphens_underscores_and_punctuation():
    assert text.words("CAW-medewerker, OCMW_sociaal (huis)!") == [
        "caw",
        "medewerker",
        "ocmw",
        "sociaal",
        "huis",
    ]


def test_control_characters_null_bytes_and_bidi_marks_are_separators():
    assert text.words("tolk\x00gesprek\u202ehuis\u200bkind\x07") == [
        "tolk",
        "gesprek",
        "huis",
        "kind",
    ]


def test_arabic_vowel_signs_are_dropped_so_voweled_and_plain_words_match():
    assert text.analyze("مُتَرْجِم", "ar") == text.analyze("مترجم", "ar")


def test_languages_without_a_stemmer_are_folded_but_not_stemmed():
    assert text.analyze("Перекладачі", "uk") == ["перекладачі"]


def test_over_long_tokens_are_not_indexed():
    assert text.words("a" * 41 + " kort") == ["kort"]


def test_stopwords_are_per_language():
    assert text.is_stopword("het", "nl")
    assert not text.is_stopword("het", "fr")
    assert not text.is_stopword("tolk", "nl")


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("onthaalmedewerkers", ("onthaal", "medewerkers")),
        ("kinderopvang", ("kinder", "opvang")),
        ("ontmoetingsruimte", ("ontmoeting", "ruimte")),
        ("leefloonaanvraag", ("leefloon", "aanvraag")),
        ("schuldhulpverlening", ("schuld", "hulpverlening")),
    ],
)
def test_dutch_compounds_split_into_known_words(compound, parts):
    assert text.compound_parts(compound) == parts


def test_the_known_parts_are_the_dutch_words_at_least_as_frequent_as_the_cut_off():
    wordfreq = pytest.importorskip("wordfreq")
    known = text._load_dutch_words()
    ranked = [w for w in wordfreq.top_n_list("nl", 200_000) if w.isalpha()]
    frequent = [w for w in ranked if w not in text.NOT_PARTS]
    # The list is in order of frequency: the first word below the cut-off, found by
    # halving; around it a bucket too many or too few would show.
    edge = bisect.bisect_left(
        frequent, True, key=lambda word: wordfreq.zipf_frequency(word, "nl") < text.PART_MIN_ZIPF
    )
    assert set(frequent[edge - 300 : edge]) <= known
    assert not set(frequent[edge : edge + 300]) & known
    assert len(known) == edge
    assert not known & text.NOT_PARTS


def test_the_word_list_is_kept_in_the_cache_folder_and_read_from_there(settings, tmp_path):
    pytest.importorskip("wordfreq")
    settings.PORTAL_CACHE_DIR = str(tmp_path / "cache")
    from_wordfreq = text._load_dutch_words()
    [kept] = (tmp_path / "cache").iterdir()
    assert kept.name.startswith("dutch-words-")
    assert not list((tmp_path / "cache").glob("*.part"))  # written whole, then renamed

    def no_wordfreq():
        raise AssertionError("wordfreq read again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text, "_read_wordfreq", no_wordfreq)
        assert text._load_dutch_words() == from_wordfreq
    # Another wordfreq or cut-off: another copy.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text, "PART_MIN_ZIPF", text.PART_MIN_ZIPF + 0.5)
        fewer = text._load_dutch_words()
    assert len(list((tmp_path / "cache").iterdir())) == 2
    assert fewer < from_wordfreq


def test_a_damaged_or_unwritable_word_list_copy_is_read_from_wordfreq_again(settings, tmp_path):
    pytest.importorskip("wordfreq")
    settings.PORTAL_CACHE_DIR = str(tmp_path / "cache")
    whole = text._load_dutch_words()
    [kept] = (tmp_path / "cache").iterdir()
    kept.write_text(kept.read_text(encoding="utf-8")[: len("56000\nfoo\nbar")], encoding="utf-8")
    assert text._load_dutch_words() == whole  # cut short: the count does not match
    kept.write_bytes(b"\xff\xfe broken")
    assert text._load_dutch_words() == whole
    # A folder in the copy's place: it cannot be read or replaced; nothing half-written
    # is left behind.
    kept.unlink()
    kept.mkdir()
    assert text._load_dutch_words() == whole
    assert not list((tmp_path / "cache").glob("*.part"))
    # A folder that cannot be made (a file is in the way): the list all the same.
    (tmp_path / "file").write_text("", encoding="utf-8")
    settings.PORTAL_CACHE_DIR = str(tmp_path / "file" / "cache")
    assert text._load_dutch_words() == whole


@pytest.mark.parametrize("word", ["vrijwilligers", "betrokkenheid", "armoede", "gezin"])
def test_words_that_are_not_compounds_stay_whole(word):
    assert text.compound_parts(word) == ()


def test_the_index_adds_compound_parts_after_the_words():
    tokens = text.analyze_for_index("Vorming voor onthaalmedewerkers", "nl")
    assert tokens[:3] == text.analyze("Vorming voor onthaalmedewerkers", "nl")
    assert {text.stem("onthaal", "nl"), text.stem("medewerkers", "nl")} <= set(tokens[3:])
    assert text.analyze_for_index("onthaalmedewerkers", "fr") == text.analyze(
        "onthaalmedewerkers", "fr"
    )
