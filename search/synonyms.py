"""Synonyms editors maintain (snippet ``search.Synonym``), applied to the query.

A query word sequence that equals one term of a group is replaced by "any term of
the group": ``ocmw`` becomes ``ocmw OR "sociaal huis"``. Expanding the query (not
the index) means a new synonym works at once, for every backend, without reindexing.
Synonyms belong to a language and apply to searches in it. The groups are cached and
kept under the content version, which saving or deleting a synonym changes.
"""

from core.cache import versioned

from . import text
from .query import AnyOf, Phrase

MAX_OPTIONS = 8


def _phrase_key(term):
    return tuple(text.fold_word(w) for w in text.words(term))


class SynonymSet:
    def __init__(self, groups):
        """``groups``: lists of terms ("OCMW", "sociaal huis")."""
        self.groups = []
        self.by_first_word = {}
        for terms in groups:
            phrases = [p for p in dict.fromkeys(_phrase_key(t) for t in terms) if p]
            if len(phrases) < 2:
                continue
            index = len(self.groups)
            self.groups.append(phrases[:MAX_OPTIONS])
            for phrase in phrases:
                self.by_first_word.setdefault(phrase[0], []).append((phrase, index))
        for candidates in self.by_first_word.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def __bool__(self):
        return bool(self.groups)

    def expand(self, words, make_term):
        """Nodes for ``words``: a Term per word, AnyOf where a synonym matched."""
        folded = [text.fold_word(w) for w in words]
        nodes, i = [], 0
        while i < len(words):
            match = None
            for phrase, group in self.by_first_word.get(folded[i], ()):
                if tuple(folded[i : i + len(phrase)]) == phrase:
                    match = (phrase, group)
                    break
            if match is None:
                nodes.append(make_term(words[i]))
                i += 1
                continue
            phrase, group = match
            options = []
            for option in self.groups[group]:
                terms = tuple(make_term(w) for w in option)
                options.append(terms[0] if len(terms) == 1 else Phrase(terms))
            nodes.append(AnyOf(tuple(options)))
            i += len(phrase)
        return nodes


def load(languages=None):
    """The synonyms of ``languages`` (all when None), kept under the content version
    (saving or deleting a synonym changes it)."""

    from .models import Synonym

    groups = versioned(
        ("search:synonyms",),
        lambda: [
            (s.locale.language_code, s.term_list())
            for s in Synonym.objects.select_related("locale")
        ],
    )
    wanted = set(languages) if languages else None
    return SynonymSet([terms for language, terms in groups if wanted is None or language in wanted])
