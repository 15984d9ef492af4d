"""Snippets and highlighted titles, built in Python for the results of one page.

Every piece of stored text is HTML-escaped before the ``<mark>`` tags are put
around matching words, so nothing in a page, a document or a query can inject
markup. A word is marked when its stem (in the row's language) or its folded form is
one the query looked for.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import text

SNIPPET_CHARS = 240
SCAN_CHARS = 20_000


MAX_HITS = 200


def _fold_table():
    """Latin letters with diacritics -> their base letter (one character each)."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = text.fold_accents(char)
        if len(base) == 1 and base != char:
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()


def _candidates(stems, words):
    """A regex for words that may stem to one of ``stems``: those starting with the
    first letters of a stem (or of a typed word). Only these get stemmed."""
    prefixes = sorted({t[:3] for t in (*stems, *words) if t}, key=len, reverse=True)
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _hits(source, stems, words, language):
    """[(start, end, stem)] of the words in ``source`` the query looked for."""
    pattern = _candidates(stems, words)
    if pattern is None:
        return []
    found = []
    # Accents folded one character for one character, so offsets stay valid.
    for match in pattern.finditer(source.translate(_FOLD_TABLE)):
        cleaned = text.clean(source[match.start() : match.end()]).strip()
        if not cleaned:
            continue
        stem = text.stem(cleaned, language)
        if stem in stems or text.fold_word(cleaned) in words:
            found.append((match.start(), match.end(), stem))
            if len(found) >= MAX_HITS:
                break
    return found


def _marked(source, hits, offset=0):
    parts, cursor = [], 0
    for start, end, _stem in hits:
        start, end = start - offset, end - offset
        if start < cursor or start < 0 or end > len(source):
            continue
        parts.append(escape(source[cursor:start]))
        parts.append("<mark>" + escape(source[start:end]) + "</mark>")
        cursor = end
    parts.append(escape(source[cursor:]))
    return "".join(parts)


def highlight(value, stems, words, language):
    """The whole of ``value`` (a title), escaped, with matching words marked."""
    value = value or ""
    return mark_safe(_marked(value, _hits(value, stems, words, language)))  # noqa: S308


def _best_window(hits, size):
    """Start offset of the window of ``size`` characters with the most distinct stems."""
    best_start, best_score = hits[0][0], 0
    for i, (start, _end, _stem) in enumerate(hits):
        distinct = {stem for s, _e, stem in hits[i:] if s < start + size}
        if len(distinct) > best_score:
            best_start, best_score = start, len(distinct)
    return best_start


def snippet(source, stems, words, language, size=SNIPPET_CHARS):
    """(html, plain) excerpt of ``source`` around the best cluster of matches."""
    source = re.sub(r"\s+", " ", (source or "")[:SCAN_CHARS]).strip()
    if not source:
        return mark_safe(""), ""
    hits = _hits(source, stems, words, language)
    if hits:
        start = max(0, _best_window(hits, size) - size // 4)
        if start:
            space = source.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
    else:
        start = 0
    end = min(len(source), start + size)
    if end < len(source):
        space = source.rfind(" ", start, end)
        end = space if space > start + size // 2 else end
    excerpt = source[start:end]
    window_hits = [h for h in hits if h[0] >= start and h[1] <= end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(source) else ""
    html = prefix + _marked(excerpt, window_hits, offset=start) + suffix
    return mark_safe(html), prefix + excerpt + suffix  # noqa: S308
