"""Readability measures for editors: pure functions, no database, no Django.

What is measured (for a plain text in one language):

- sentences: split at ``. ! ? …`` followed by white space, and at line breaks (every
  block, heading or list item the editor writes is its own sentence). Common Dutch
  abbreviations (``bv.``, ``o.a.``, ``enz.``) and single letters (``J. Peeters``) do
  not end a sentence.
- words: runs of letters, with inner hyphens and apostrophes (``e-mail``, ``zo'n``);
  numbers are not words.
- syllables: pyphen's hyphenation points + 1, the estimate textstat uses for every
  language but English (we call pyphen directly: textstat's English path downloads a
  dictionary, and its global ``set_lang`` is not thread-safe).
- reading ease: Flesch with textstat's constants per language. For Dutch this is
  Flesch-Douma: ``206.835 - 0.93 * words per sentence - 77 * syllables per word``.
  We do not call ``textstat.flesch_reading_ease`` on the text because textstat drops
  sentences of two words or fewer ("Bel ons."), which easy-read texts are full of.
- long words: 4 syllables or more (13 letters or more where no hyphenation
  dictionary exists).
- long sentences: more than 15 words.
- rare words: wordfreq's Zipf frequency below 3.5 in that language (about once per
  three million words). Names written with a capital inside a sentence are skipped;
  acronyms (``OCMW``) are kept, they are exactly what families stumble over.

Verdict (thresholds from Dutch plain-language practice; the Douma scale reads
80+ as "makkelijk", 60-70 as "normaal", below 60 as "vrij moeilijk" or worse):

- ``easy`` (eenvoudige taal): reading ease ≥ 80, on average ≤ 10 words per sentence,
  and no sentence longer than 15 words;
- ``b1`` (taalniveau B1): reading ease ≥ 60 and on average ≤ 15 words per sentence;
- ``difficult``: everything else.

Where a language has no reading-ease formula, the verdict uses the sentence rules only.
"""

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

# pyphen and wordfreq load large dictionaries: imported on the first check.

LONG_SENTENCE_WORDS = 15
LONG_WORD_SYLLABLES = 4
LONG_WORD_LETTERS = 13
RARE_ZIPF = 3.5
MAX_LISTED = 30

THRESHOLDS = {
    "easy": {"min_reading_ease": 80, "max_words_per_sentence": 10, "max_sentence_words": 15},
    "b1": {"min_reading_ease": 60, "max_words_per_sentence": 15},
}

# Flesch constants per language, as published by textstat (Douma for Dutch,
# Kandel & Moles for French, Flesch for English, Amstad for German).
FLESCH_CONSTANTS = {
    "nl": (206.835, 0.93, 77.0),
    "en": (206.835, 1.015, 84.6),
    "fr": (207.0, 1.015, 73.6),
    "de": (180.0, 1.0, 58.5),
    "es": (206.84, 1.02, 60.0),
    "it": (217.0, 1.3, 60.0),
    "ru": (206.835, 1.3, 60.1),
}

PYPHEN_DICTIONARIES = {"nl": "nl_NL", "en": "en_US", "fr": "fr", "de": "de_DE"}

ABBREVIATIONS = {
    "bv",
    "bijv",
    "bijvoorbeeld",
    "o.a",
    "enz",
    "etc",
    "nl",
    "ca",
    "dhr",
    "mevr",
    "mr",
    "dr",
    "e.d",
    "i.p.v",
    "m.a.w",
    "t.e.m",
    "t.a.v",
    "d.w.z",
    "nr",
    "tel",
    "p",
    "blz",
    "vb",
    "cf",
    "resp",
    "max",
    "min",
}

_SENTENCE_END = re.compile(r"[.!?…]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_PREVIOUS_TOKEN = re.compile(r"(\S+)$")


def split_sentences(text):
    """The sentences of ``text``, each stripped, in order."""
    sentences = []
    for chunk in re.split(r"\s*\n\s*", text or ""):
        start = 0
        for match in _SENTENCE_END.finditer(chunk):
            if match.group().startswith(".") and _is_abbreviation(chunk[start : match.start()]):
                continue
            sentences.append(chunk[start : match.end()].strip())
            start = match.end()
        sentences.append(chunk[start:].strip())
    return [sentence for sentence in sentences if words(sentence)]


def _is_abbreviation(before):
    previous = _PREVIOUS_TOKEN.search(before)
    if not previous:
        return False
    token = previous.group(1).lower().strip("(\"'")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def words(text):
    """The words of ``text``: runs of letters with inner hyphens or apostrophes."""
    return _WORD.findall(text or "")


def base_language(lang):
    return (lang or "nl").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=16)
def _pyphen(lang):
    import pyphen

    code = PYPHEN_DICTIONARIES.get(lang, lang)
    if code not in pyphen.LANGUAGES:
        return None
    return pyphen.Pyphen(lang=code)


def syllables(word, lang="nl"):
    """Estimated syllables of one word, or ``None`` without a hyphenation dictionary."""
    dictionary = _pyphen(base_language(lang))
    if dictionary is None:
        return None
    return sum(
        len(dictionary.positions(part)) + 1 for part in re.split(r"['\u2019\-]", word.lower())
    )


def reading_ease(words_per_sentence, syllables_per_word, lang="nl"):
    """Flesch reading ease with the constants of ``lang`` (Flesch-Douma for Dutch)."""
    constants = FLESCH_CONSTANTS.get(base_language(lang))
    if constants is None or syllables_per_word is None:
        return None
    base, per_sentence, per_syllable = constants
    return base - per_sentence * words_per_sentence - per_syllable * syllables_per_word


def is_long_word(word, syllable_count):
    if syllable_count is None:
        return len(word) >= LONG_WORD_LETTERS
    return syllable_count >= LONG_WORD_SYLLABLES


@lru_cache(maxsize=4)
def _wordfreq_languages():
    import wordfreq

    return set(wordfreq.available_languages())


def zipf(word, lang="nl"):
    """wordfreq's Zipf frequency of ``word`` (0-8), or ``None`` for unknown languages."""
    lang = base_language(lang)
    if lang not in _wordfreq_languages():
        return None
    import wordfreq

    return wordfreq.zipf_frequency(word.lower(), lang)


def _candidate_rare_words(sentence):
    """Words of a sentence that may be rare: skip names (capital inside the sentence)."""
    for index, word in enumerate(words(sentence)):
        if len(word) < 3:
            continue
        acronym = word.isupper() and len(word) >= 2
        if index > 0 and word[0].isupper() and not acronym:
            continue
        yield word


def verdict(reading_ease_value, words_per_sentence, longest_sentence):
    """``easy``, ``b1`` or ``difficult`` following the thresholds in THRESHOLDS."""
    easy, b1 = THRESHOLDS["easy"], THRESHOLDS["b1"]
    ease_ok = reading_ease_value is None or reading_ease_value >= easy["min_reading_ease"]
    if (
        ease_ok
        and words_per_sentence <= easy["max_words_per_sentence"]
        and longest_sentence <= easy["max_sentence_words"]
    ):
        return "easy"
    ease_ok = reading_ease_value is None or reading_ease_value >= b1["min_reading_ease"]
    if ease_ok and words_per_sentence <= b1["max_words_per_sentence"]:
        return "b1"
    return "difficult"


@dataclass
class Analysis:
    lang: str
    sentences: int = 0
    words: int = 0
    syllables: int | None = None
    words_per_sentence: float = 0.0
    syllables_per_word: float | None = None
    reading_ease: float | None = None
    long_words: list = field(default_factory=list)
    long_word_count: int = 0
    long_sentences: list = field(default_factory=list)
    rare_words: list = field(default_factory=list)
    verdict: str | None = None

    def as_dict(self):
        data = asdict(self)
        for key in ("words_per_sentence", "syllables_per_word", "reading_ease"):
            if data[key] is not None:
                data[key] = round(data[key], 1 if key != "syllables_per_word" else 2)
        return data


def analyse(text, lang="nl"):
    """Every measure of ``text`` at once (see the module docstring)."""
    lang = base_language(lang)
    result = Analysis(lang=lang)
    sentence_texts = split_sentences(text)
    if not sentence_texts:
        return result

    total_words = 0
    total_syllables = 0
    countable = _pyphen(lang) is not None
    longest = 0
    long_words = {}
    rare = {}
    for sentence in sentence_texts:
        sentence_words = words(sentence)
        total_words += len(sentence_words)
        longest = max(longest, len(sentence_words))
        if len(sentence_words) > LONG_SENTENCE_WORDS:
            result.long_sentences.append({"text": sentence, "words": len(sentence_words)})
        for word in sentence_words:
            count = syllables(word, lang) if countable else None
            if countable:
                total_syllables += count
            if is_long_word(word, count):
                result.long_word_count += 1
                long_words.setdefault(word.lower(), word)
        for word in _candidate_rare_words(sentence):
            key = word.lower()
            if key in rare:
                continue
            frequency = zipf(word, lang)
            if frequency is not None and frequency < RARE_ZIPF:
                rare[key] = {"word": word, "zipf": round(frequency, 2)}

    result.sentences = len(sentence_texts)
    result.words = total_words
    result.words_per_sentence = total_words / len(sentence_texts)
    if countable:
        result.syllables = total_syllables
        result.syllables_per_word = total_syllables / total_words
        result.reading_ease = reading_ease(
            result.words_per_sentence, result.syllables_per_word, lang
        )
    result.long_words = list(long_words.values())[:MAX_LISTED]
    result.rare_words = sorted(rare.values(), key=lambda item: (item["zipf"], item["word"]))[
        :MAX_LISTED
    ]
    result.verdict = verdict(result.reading_ease, result.words_per_sentence, longest)
    return result
