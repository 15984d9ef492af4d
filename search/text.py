"""Turning text into the tokens the index stores and the query looks for.

Both sides of a search go through ``analyze()``: the index stores stems, the query is
rewritten into stems, so the database only ever compares plain tokens. That is what
gives us Dutch stemming on SQLite (whose FTS5 tokenizer has none) and on PostgreSQL
(whose ``dutch`` configuration does not find ``gezinnen`` for ``gezin``) with the same
code; see docs/decisions/0006-search.md.

Pipeline for one text: NFKC, case-fold, drop stray combining marks (Arabic vowel
signs), split into runs of letters and digits, stem with the language's Snowball
stemmer, fold accents off the stem (``één`` and ``een`` are the same token).
"""

import contextlib
import hashlib
import importlib.util
import os
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from django.conf import settings

# Letters and digits; the underscore is a separator (PostgreSQL and FTS5 split on it).
TOKEN_RE = re.compile(r"[^\W_]+")
# Tokens longer than this are noise (hashes, glued URLs) and are not indexed.
MAX_TOKEN_LENGTH = 40


class DutchStemmer:
    """Snowball 3's Dutch stemmer (its public ``stemWord``) keeping every ``ge``.

    The algorithm's last steps remove a ``ge`` prefix or infix from past participles
    (*gewerkt* -> *werk*), which also turns *gezin* into *zin*, *gemeente* into
    *meen* and *mogelijk* into *molijk*: different words that must not match. Its
    suffix steps fold what we need (gezinnen -> gezin, energiefacturen ->
    energiefactuur, focusgroepen -> focusgroep).

    The algorithm only removes a ``ge`` that is followed by at least three letters.
    So each such ``ge`` goes to the stemmer with its ``g`` replaced by a placeholder
    the stemmer does not know (a consonant to it, like ``g``), and comes back as
    ``g``. Where the suffix steps reached the placeholder (fewer than three letters
    of the stem follow it: *liggende* -> *lig*, *corrigeren* -> *cor*), the ``ge``
    was never a prefix or infix to remove but part of an ending: that word is stemmed
    again with only the other ``ge``s shielded, so the ending is folded as usual.
    ``tests/search/test_text.py`` pins both sides.
    """

    PLACEHOLDER = "\ue000"  # private use: never part of a word (``TOKEN_RE``)
    GE = re.compile(r"ge(?=...)")

    def __init__(self):
        self.snowball = snowballstemmer.stemmer("dutch")

    def stemWord(self, word):  # the name of the snowball stemmers
        at = [m.start() for m in self.GE.finditer(word)]
        if not at or self.PLACEHOLDER in word:
            return self.snowball.stemWord(word)
        stemmed = self.snowball.stemWord(self._shielded(word, at))
        shields = [i for i, char in enumerate(stemmed) if char == self.PLACEHOLDER]
        if len(shields) != len(at):  # not seen: the steps never remove a consonant
            return stemmed.replace(self.PLACEHOLDER, "g")
        kept = [a for a, s in zip(at, shields, strict=True) if len(stemmed) - s > 3]
        if kept != at:
            stemmed = self.snowball.stemWord(self._shielded(word, kept))
        return stemmed.replace(self.PLACEHOLDER, "g")

    def _shielded(self, word, at):
        chars = list(word)
        for position in at:
            chars[position] = self.PLACEHOLDER
        return "".join(chars)


# Snowball algorithm per content language. Languages without one are indexed
# unstemmed (still case- and accent-folded).
SNOWBALL_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "ro": "romanian",
    "ar": "arabic",
    "tr": "turkish",
    "pl": "polish",
    "ru": "russian",
    "fa": "persian",
}

_stemmers = {}


def _stemmer(language):
    base = (language or "").split("-")[0]
    if base not in _stemmers:
        if base == "nl":
            _stemmers[base] = DutchStemmer()
        elif base in SNOWBALL_LANGUAGES:
            _stemmers[base] = snowballstemmer.stemmer(SNOWBALL_LANGUAGES[base])
        else:
            _stemmers[base] = None
    return _stemmers[base]


def fold_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Control and invisible formatting characters (null bytes, bidi overrides, zero-width
# spaces, lone surrogates) become spaces; combining marks that NFKC could not compose
# onto a letter (Arabic and Hebrew vowel signs, stray accents) are dropped.
_INVISIBLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)
_MARKS_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)


def strip_invisible(text):
    """``text`` with control characters (null bytes, bidi overrides, …) replaced by
    spaces: safe to echo, to store and to send to any database."""
    return _INVISIBLE_RE.sub(" ", text or "")


def clean(text):
    """NFKC, case-folded, without control characters and stray combining marks."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _MARKS_RE.sub("", _INVISIBLE_RE.sub(" ", text))


def words(text):
    """The words of ``text``, cleaned but neither stemmed nor accent-folded."""
    return [w for w in TOKEN_RE.findall(clean(text)) if len(w) <= MAX_TOKEN_LENGTH]


@lru_cache(maxsize=200_000)
def stem(word, language):
    """The index token for one cleaned word in ``language``."""
    stemmer = _stemmer(language)
    stemmed = stemmer.stemWord(word) if stemmer is not None else word
    return fold_accents(stemmed) or fold_accents(word)


@lru_cache(maxsize=50_000)
def fold_word(word):
    return fold_accents(word)


def analyze(text, language):
    """The stems of ``text``, in order (positions matter for phrases)."""
    return [stem(w, language) for w in words(text)]


def fold_final_d(stem):
    """A Dutch stem without a final "d" after a consonant other than "n": Snowball
    takes a plural's "-den" for a past tense and removes it whole (*schulden* ->
    *schul*, while *schuld* stays *schuld*); this puts the two together again. Used
    for comparing words (``search.api.stems``), not yet by the index."""
    if len(stem) > 3 and stem.endswith("d") and stem[-2] not in "aeiouyn":
        return stem[:-1]
    return stem


# --- Dutch compounds -----------------------------------------------------------------
# Dutch glues words together: "onthaalmedewerkers", "kinderopvang", "energiefacturen".
# Someone searching "onthaal" or "opvang" wants those too. At indexing time a long
# word that splits into two known words (optionally with a linking s/e/en) also adds
# the stems of its parts, after the column's own tokens (so phrases stay intact). The
# known words are wordfreq's most frequent Dutch words.
COMPOUND_MIN_LENGTH = 8
PART_MIN_LENGTH = 4
LINKS = ("s", "en", "e")
PART_MIN_ZIPF = 2.5  # about once in 3 million words: keeps "leefloon", "klankbord"
# Frequent strings that are suffixes or names, not parts of a compound.
NOT_PARTS = frozenset(["heid", "heden", "baar", "lijk", "schap", "ling", "ing", "isme", "gers"])
_dutch_words = None


def _load_dutch_words():
    """Dutch words at least as frequent as ``PART_MIN_ZIPF``: from the copy kept in
    ``PORTAL_CACHE_DIR`` when there is one for this wordfreq and these settings, or
    else from wordfreq (and then kept there). Importing wordfreq and reading its list
    cost the import command and each web worker about 0.15 s; the copy 5 ms."""
    key = _word_list_key()
    if key is None:  # no wordfreq: no splitting, everything else works
        return frozenset()
    folder = getattr(settings, "PORTAL_CACHE_DIR", None)
    kept = Path(folder) / f"dutch-words-{key}.txt" if folder else None
    if kept is not None:
        try:
            count, *words = kept.read_text(encoding="utf-8").split("\n")
            if count.isdigit() and int(count) == len(words):
                return frozenset(words)
        except (OSError, UnicodeDecodeError):
            pass  # not there yet, or unreadable: read wordfreq
    words = _read_wordfreq()
    if kept is not None:
        _keep(words, kept)
    return words


def _keep(words, kept):
    """Write the list whole beside ``kept``, then rename it into place, so a reader
    never sees half of it. A folder that cannot be written: nothing kept."""
    part = kept.with_name(f"{kept.name}.{os.getpid()}-{threading.get_ident()}.part")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        part.write_text("\n".join([str(len(words)), *sorted(words)]), encoding="utf-8")
        os.replace(part, kept)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def _word_list_key():
    """What the list depends on: wordfreq's Dutch data files (their size and time, so
    an upgrade gives a new key) and the cut-off and exclusions here."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.origin:
        return None
    files = sorted((Path(spec.origin).parent / "data").glob("*_nl.*"))
    stats = [(f.name, (stat := f.stat()).st_size, stat.st_mtime_ns) for f in files]
    raw = repr((stats, PART_MIN_ZIPF, sorted(NOT_PARTS)))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _read_wordfreq():
    """wordfreq's raw list holds one bucket of words per centibel of frequency: bucket
    ``i`` has frequency 10**(-i/100), which is Zipf 9 - i/100. Reading the buckets
    down to the cut-off costs a third of ranking the list and looking up the
    frequency of candidates."""
    import wordfreq

    last_bucket = round((9 - PART_MIN_ZIPF) * 100)
    buckets = wordfreq.get_frequency_list("nl")[: last_bucket + 1]
    return frozenset(
        word for bucket in buckets for word in bucket if word.isalpha() and word not in NOT_PARTS
    )


def _known(word):
    global _dutch_words
    if _dutch_words is None:
        _dutch_words = _load_dutch_words()
    return word in _dutch_words


@lru_cache(maxsize=100_000)
def compound_parts(word, depth=2):
    """The parts of a Dutch compound (cleaned word), e.g. kinderopvang -> (kinder,
    opvang); () when it does not split into known words."""
    if depth == 0 or len(word) < COMPOUND_MIN_LENGTH or not word.isalpha():
        return ()
    for cut in range(len(word) - PART_MIN_LENGTH, PART_MIN_LENGTH - 1, -1):
        head, tail = word[:cut], word[cut:]
        if not _known(tail) and not compound_parts(tail, depth - 1):
            continue
        heads = [head] + [head[: -len(link)] for link in LINKS if head.endswith(link)]
        for candidate in heads:
            if len(candidate) >= PART_MIN_LENGTH and _known(candidate):
                rest = compound_parts(tail, depth - 1) if not _known(tail) else (tail,)
                return (candidate, *rest)
    return ()


def analyze_for_index(text, language):
    """Stems of ``text`` in order, then (Dutch) the stems of compound parts."""
    found = words(text)
    tokens = [stem(w, language) for w in found]
    if (language or "").split("-")[0] == "nl":
        parts = []
        for w in dict.fromkeys(found):
            parts.extend(stem(p, language) for p in compound_parts(w))
        tokens.extend(dict.fromkeys(p for p in parts if p))
    return tokens


def plain_words(text):
    """Cleaned, accent-folded, unstemmed words: for autocomplete prefixes."""
    return [fold_word(w) for w in words(text)]


def _word_set(words):
    return frozenset(words.split())


# Words that carry no meaning in a query ("hoe betrek ik ouders" → betrek, ouders).
# They stay in the index (phrases need them) and are only dropped from queries that
# have other words. Our own short lists for the languages people search in most.
STOPWORDS = {
    "nl": _word_set(
        """aan al alle als an bij dan dat de der des deze die dit doch doen door dus een
        en er ge geen haar had heb hebben heeft hem het hier hij hoe hun ik in is ja je
        jij jou jouw kan kon kunnen maar me meer men met mij mijn moet na naar niet niets
        nog nu of om omdat ons onze ook op over te tegen toch toen tot u uit uw van veel
        voor waar wanneer wat we wel welk welke werd wie wij wil worden wordt zal ze zei
        zelf zich zij zijn zo zonder zou"""
    ),
    "fr": _word_set(
        """au aux avec ce ces comment dans de des du elle en et eux il je la le les leur
        lui ma mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se
        ses son sur ta te tes toi ton tu un une vos votre vous"""
    ),
    "en": _word_set(
        """a an and are as at be by for from how i in is it of on or that the this to
        was what when where which who why with you your"""
    ),
}


def is_stopword(word, language):
    return word in STOPWORDS.get((language or "").split("-")[0], ())
