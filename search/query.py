"""What a person typed, turned into a small query tree every engine can compile.

Any string is a valid query. Quotes make a phrase, a leading ``-`` excludes a word
(when something else is asked for), everything else is a word; operators of the
underlying engines (``AND``, ``NEAR``, ``*``, brackets, …) are just words or
separators here, so nothing typed reaches an engine's own query syntax. Words are
stemmed like the index (``search.text``); words that mean the same
(``search.synonyms``) are added as alternatives.

The tree: ``Query.must`` is a list of nodes that all have to match, ``Query.must_not``
nodes that must not. A node is a ``Term`` (one word: its possible stems), a ``Phrase``
(terms in a row) or ``AnyOf`` (alternatives, e.g. a word and its synonyms).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from . import text

MAX_QUERY_CHARS = 500
MAX_TERMS = 12
MAX_PHRASE_TERMS = 8
_QUOTES_RE = re.compile(r"[\"“”„«»‟]")


@dataclass(frozen=True)
class Term:
    stems: tuple  # alternatives: the word stemmed per searched language
    word: str  # the cleaned word as typed, for highlighting


@dataclass(frozen=True)
class Phrase:
    terms: tuple


@dataclass(frozen=True)
class AnyOf:
    options: tuple


@dataclass
class Query:
    raw: str = ""
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    # Two or more plain words: a match with them side by side ranks higher.
    proximity: Phrase | None = None
    truncated: bool = False
    languages: tuple = ()

    @property
    def is_empty(self):
        return not self.must

    def highlight_stems(self):
        """Every stem a snippet may mark, and the words as typed."""
        stems, words = set(), set()

        def walk(node):
            if isinstance(node, Term):
                if any(text.is_stopword(node.word, lang) for lang in self.languages):
                    return  # "in", "de", … inside a phrase: not worth a mark everywhere
                stems.update(node.stems)
                words.add(text.fold_word(node.word))
            elif isinstance(node, Phrase):
                for t in node.terms:
                    walk(t)
            elif isinstance(node, AnyOf):
                for option in node.options:
                    walk(option)

        for node in self.must:
            walk(node)
        return stems, words


def _term(word, languages):
    stems = tuple(dict.fromkeys(text.stem(word, lang) for lang in languages))
    return Term(stems=stems, word=word)


def _split_quoted(raw):
    """[(is_phrase, chunk)] from the raw string; an unpaired quote is ignored."""
    parts = _QUOTES_RE.split(raw)
    if len(parts) % 2 == 0:  # odd number of quotes: treat the last one as text
        parts = [*parts[:-2], parts[-2] + " " + parts[-1]]
    return [(i % 2 == 1, chunk) for i, chunk in enumerate(parts) if chunk.strip()]


def parse(raw, languages=None, synonyms=None):
    """A ``Query`` for the string ``raw``, stemmed for ``languages``.

    ``synonyms``: an optional ``search.synonyms.SynonymSet`` to expand words with.
    """
    languages = languages or [settings.LANGUAGE_CODE]
    raw = raw or ""
    query = Query(raw=raw, languages=tuple(languages))
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        query.truncated = True
    positive_words, negative_words, phrases = [], [], []
    for is_phrase, chunk in _split_quoted(raw):
        if is_phrase:
            words = text.words(chunk)[:MAX_PHRASE_TERMS]
            if len(words) == 1:
                positive_words.append(words[0])
            elif words:
                phrases.append(Phrase(tuple(_term(w, languages) for w in words)))
            continue
        for piece in chunk.split():
            negative = piece.startswith("-") and len(piece) > 1
            words = text.words(piece)
            (negative_words if negative else positive_words).extend(words)
    if not positive_words and not phrases:
        # Only exclusions: nothing to search for, so read them as plain words.
        positive_words, negative_words = negative_words, []
    positive_words = list(dict.fromkeys(positive_words))[: MAX_TERMS * 2]
    if synonyms is not None:
        nodes = synonyms.expand(positive_words, lambda w: _term(w, languages))
    else:
        nodes = [_term(w, languages) for w in positive_words]
    meaningful = [
        n
        for n in nodes
        if not (isinstance(n, Term) and any(text.is_stopword(n.word, lang) for lang in languages))
    ]
    if meaningful or phrases:
        nodes = meaningful
    nodes = nodes[:MAX_TERMS]
    query.must = [*phrases[:MAX_TERMS], *nodes][:MAX_TERMS]
    query.must_not = [_term(w, languages) for w in dict.fromkeys(negative_words)][:MAX_TERMS]
    plain_terms = [n for n in nodes if isinstance(n, Term)]
    if len(plain_terms) >= 2 and len(plain_terms) == len(nodes) and not phrases:
        query.proximity = Phrase(tuple(plain_terms[:MAX_PHRASE_TERMS]))
    return query


def prefix_words(raw):
    """Words for autocomplete: cleaned, accent-folded, unstemmed; the last is a prefix."""
    return [text.fold_word(w) for w in text.words((raw or "")[:200])][:6]
