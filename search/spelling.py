"""Spelling correction from the portal's own words ("Bedoelde je: …").

A typed word that finds nothing the searcher may see is compared with the words of the
index in the searched languages (titles, summaries, text, document text). The closest
ones (at most one edit for short words, two for longer ones; a swap of two letters
counts as one) are then looked up one by one *as that searcher*: only a word that
rows they may open hold, as it is written, can be offered, and of those the closest,
then the one held by most rows, wins. So:

- a word that finds something is never corrected, however rare it is; stemmed and
  compound forms (*gezinnen*, *opvang* in *kinderopvang*) find something;
- a word that only occurs in a space the searcher cannot open is never offered, and
  whether a typed word is "known" is decided by what the searcher may see too.

The word list itself is built from the index per language and kept for
``PORTAL_SPELLING_WORDS_SECONDS`` (``core.cache.lasting``): building it reads all
indexed text, and it only proposes candidates, each checked against the current
index before it is shown. See docs/decisions/0011-spelling.md.
"""

from collections import Counter

from django.conf import settings
from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.cache import lasting

from . import facets as facet_defs
from . import query as query_module
from . import text
from .engines import database_engine, get_engine
from .engines.base import Spec
from .engines.sql import visible_entries
from .models import SearchEntry

MIN_LENGTH = 3
MAX_LENGTH = 30
# At most this many candidates per word are looked up as the searcher, in at most this
# many of the rows that match each.
CANDIDATES = 6
HOLDING_ROWS = 50


def max_edits(word):
    return 1 if len(word) <= 4 else 2


def _correctable(word, languages):
    return (
        MIN_LENGTH <= len(word) <= MAX_LENGTH
        and word.isalpha()
        and not any(text.is_stopword(word, language) for language in languages)
    )


def _build_words(language):
    """{accent-folded word: (rows that hold it, how it is written most often)} for
    one language."""
    rows_holding, forms = Counter(), Counter()
    rows = (
        SearchEntry.objects.filter(language=language)
        .values_list("title", "content__text")
        .iterator(chunk_size=500)
    )
    for title, body in rows:
        found = {
            word
            for word in text.words(f"{title}\n{body or ''}")
            if MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isalpha()
        }
        forms.update(found)
        rows_holding.update({text.fold_word(word) for word in found})
    written = {}
    for form, _count in forms.most_common():
        written.setdefault(text.fold_word(form), form)
    return {word: (count, written[word]) for word, count in rows_holding.items()}


def words(language):
    seconds = getattr(settings, "PORTAL_SPELLING_WORDS_SECONDS", 600)
    return lasting(("search:spelling-words", language), lambda: _build_words(language), seconds)


def _finds_something(user, word, languages):
    """Whether searching ``word`` finds anything ``user`` may see (stemmed, compound
    parts and all, as the search itself does)."""
    query = query_module.parse(word, languages)
    if query.is_empty:
        return False
    spec = Spec(user, query, {facet_defs.LANGUAGE: list(languages)})
    return get_engine().count(spec) > 0


def _rows_holding(user, word, languages):
    """How many rows ``user`` may see hold ``word`` itself (up to ``HOLDING_ROWS``).

    Not the search's count: that also counts the word's other forms (a public
    *wachtlijsten* for *wachtlijst*), and a form that only a space's text holds
    (a name, say) must not be offered outside it."""
    engine = database_engine()
    rows = engine.match(
        visible_entries(user).filter(language__in=languages),
        query_module.parse(word, languages),
    ).values_list("title", "content__text")[:HOLDING_ROWS]
    holding = 0
    for title, body in rows:
        found = f"{title}\n{body or ''}"
        if word in text.fold_word(text.clean(found)) and word in text.plain_words(found):
            holding += 1
    return holding


def _candidates(word, languages):
    """Words of the index close to ``word``: [(folded word, edits, rows)], closest and
    most frequent first."""
    limit = max_edits(word)
    rows = Counter()
    for language in languages:
        rows.update({folded: count for folded, (count, _form) in words(language).items()})
    rows.pop(word, None)
    if not rows:
        return []
    found = process.extract(word, list(rows), scorer=OSA.distance, score_cutoff=limit, limit=None)
    ranked = sorted(
        ((choice, int(edits), rows[choice]) for choice, edits, _ in found),
        key=lambda item: (item[1], -item[2], item[0]),
    )
    return ranked[:CANDIDATES]


def _written(word, languages):
    for language in languages:
        known = words(language).get(word)
        if known:
            return known[1]
    return word


def correct_word(user, word, languages):
    """The best correction of one cleaned, accent-folded word for ``user`` (as the
    index mostly writes it), or None when the word finds something they may see or
    nothing close does."""
    if not _correctable(word, languages) or _finds_something(user, word, languages):
        return None
    best = None
    for candidate, edits, _rows in _candidates(word, languages):
        if best is not None and edits > best[1]:
            break
        holding = _rows_holding(user, candidate, languages)
        if holding and (best is None or holding > best[2]):
            best = (candidate, edits, holding)
    return _written(best[0], languages) if best else None


def correct(user, raw, languages):
    """``raw`` with each word that finds nothing replaced by its correction, or None
    when nothing was corrected. Quotes, exclusions and the other words stay as
    typed."""
    languages = tuple(languages)
    _stems, wanted = query_module.parse(raw, languages).highlight_stems()
    corrections = {}
    for word in sorted(wanted):
        correction = correct_word(user, word, languages)
        if correction:
            corrections[word] = correction
    if not corrections:
        return None

    def replace(match):
        typed = match.group()
        correction = corrections.get(text.fold_word(text.clean(typed)))
        if correction is None:
            return typed
        return correction.capitalize() if typed[:1].isupper() else correction

    return text.TOKEN_RE.sub(replace, raw)
