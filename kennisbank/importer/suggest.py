"""Propose themes, target groups and methods for a sheet from its own words.

The sheet's words (title, lead, goal, reach, side effects, obstacles, tips and the
other sections, not the contact block) are compared with each term's name and its
*signaalwoorden* (``keywords``: comma- or newline-separated words or short phrases),
as the site search compares them: by stem, with the parts of Dutch compounds
(*energiefacturen* matches *energiefactuur*, *schuldhulpverlening* matches *schuld*),
through ``search.api.stems``. Stop words ("de", "bij", …) are left out on both sides,
so they never match; a phrase of several words matches where its words follow each
other in one paragraph or list item.

The rule: a term is proposed when the evidence is real, which is one of

* its name occurs in the sheet,
* one of its keywords of two or more words occurs,
* its keywords occur at least twice in all (the same one twice, or two of them).

A single mention of a single word is chance. A term without keywords is matched on
its name only. Keywords should be specific: one that every sheet uses twice
("ouders") proposes its term for every sheet. The score of a proposed term is its
number of matches plus one per distinct keyword (or name) matched; the best three of
each kind are proposed, best first (ties by name). An editor confirms them
(``PracticePage.classification_to_confirm``).
"""

import re

from kennisbank.models import MethodPage, TargetGroup, Theme
from search.api import stems

from .parser import HEADINGS

MAX_SUGGESTIONS = 3
MIN_MATCHES = 2
WORD = re.compile(r"[^\W_]+")  # as the search splits words
KEYWORD_SEPARATOR = re.compile(r"[,;\n]+")


def suggest(sheet, parent):
    """{"themes": [Theme], "target_groups": [TargetGroup], "methods": [MethodPage]}
    for ``sheet`` imported under the kennisbank index ``parent``: at most three of
    each, best first, from the terms in ``parent``'s language; empty lists when
    nothing matches."""
    language = parent.locale.language_code
    paragraphs = [_positions(text, language) for text in sheet_texts(sheet)]
    terms = {
        "themes": Theme.objects.filter(locale=parent.locale),
        "target_groups": TargetGroup.objects.filter(locale=parent.locale),
        "methods": MethodPage.objects.child_of(parent),
    }
    return {relation: _best(found, paragraphs, language) for relation, found in terms.items()}


def sheet_texts(sheet):
    """The sheet's own words, a paragraph or list item at a time: not its contact
    block, organisation, municipality or picture credit, nor the "Meer" section, whose
    remains are contact details."""
    yield sheet.title
    yield from sheet.lead
    for blocks in (
        sheet.goal,
        sheet.reach,
        sheet.side_effect_target_group,
        sheet.side_effect_partners,
        sheet.side_effect_other,
    ):
        yield from _block_texts(blocks)
    yield from sheet.obstacles
    yield from sheet.tips
    for section in sheet.extra_sections:
        if HEADINGS.get(section.heading.lower()) != "more":
            yield section.heading
            yield from _block_texts(section.blocks)


def _block_texts(blocks):
    for block in blocks:
        yield from block.items or [block.text]


def _positions(text, language):
    """One set of stems per word of ``text`` (the word's stem and those of its
    compound parts), stop words left out."""
    found = (set(stems(word, language, drop_stopwords=True)) for word in WORD.findall(text))
    return [position for position in found if position]


def _phrase(text, language):
    """The stems of a keyword or name, one per word (without compound parts: the
    keyword *schuld* matches the part of *schuldhulpverlening*, not the other way)."""
    found = (stems(word, language, drop_stopwords=True) for word in WORD.findall(text))
    return tuple(tokens[0] for tokens in found if tokens)


def _score(name, keywords, paragraphs, language):
    """The score of a term, or 0 when the sheet gives no real evidence for it."""
    name_phrase = _phrase(name, language)
    phrases = {_phrase(text, language) for text in KEYWORD_SEPARATOR.split(keywords)}
    phrases = {phrase for phrase in phrases | {name_phrase} if phrase}
    counts = {phrase: _count(phrase, paragraphs) for phrase in phrases}
    matched = [phrase for phrase, count in counts.items() if count]
    total = sum(counts.values())
    real = (
        counts.get(name_phrase, 0) > 0
        or any(len(phrase) > 1 for phrase in matched)
        or total >= MIN_MATCHES
    )
    return total + len(matched) if real else 0


def _count(phrase, paragraphs):
    """How often the phrase occurs, its words next to each other in one paragraph."""
    size = len(phrase)
    return sum(
        all(token in positions[start + offset] for offset, token in enumerate(phrase))
        for positions in paragraphs
        for start in range(len(positions) - size + 1)
    )


def _best(terms, paragraphs, language):
    """The best ``MAX_SUGGESTIONS`` of ``terms`` (themes or target groups, or method
    pages named by their title), best first."""
    scored = []
    for term in terms:
        name = term.title if isinstance(term, MethodPage) else term.name
        score = _score(name, term.keywords, paragraphs, language)
        if score:
            scored.append((-score, name.casefold(), term))
    scored.sort(key=lambda item: item[:2])
    return [term for _rank, _name, term in scored[:MAX_SUGGESTIONS]]
