"""Explain glossary words in place, in rendered page HTML.

``annotate(html, entries)`` wraps the first occurrence of each glossary word in the
text (not inside links, buttons, headings, code or an earlier explanation) in::

    <span class="glossary" data-glossary>
      <dfn class="glossary__term">leefloon</dfn><span class="glossary__explanation"
        id="uitleg-1"> (uitleg: een inkomen van het OCMW …)</span>
    </span>

Without JavaScript the explanation simply follows the word in brackets. ``easy-read.js``
turns the word into a button with ``aria-expanded`` that shows and hides it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, NavigableString

SKIP_TAGS = {
    "a",
    "button",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "script",
    "style",
    "code",
    "pre",
    "label",
    "textarea",
    "select",
    "option",
    "summary",
    "dfn",
    "abbr",
    "svg",
}


@dataclass(frozen=True)
class Entry:
    key: str
    forms: tuple
    explanation: str


@lru_cache(maxsize=64)
def _pattern(forms):
    alternatives = sorted({form for form in forms if form}, key=len, reverse=True)
    if not alternatives:
        return None
    joined = "|".join(re.escape(form) for form in alternatives)
    return re.compile(rf"(?<![\w-])({joined})(?![\w-])", re.IGNORECASE)


def _skipped(node):
    for parent in node.parents:
        if parent.name in SKIP_TAGS:
            return True
        classes = parent.get("class") or []
        if "glossary" in classes or parent.has_attr("data-glossary-skip"):
            return True
    return False


def annotate(html, entries, *, label="uitleg", id_prefix="uitleg"):
    """``html`` with the first occurrence of each entry's word explained in place."""
    if not html or not entries:
        return html
    by_form = {}
    for entry in entries:
        for form in entry.forms:
            by_form.setdefault(form.lower(), entry)
    pattern = _pattern(tuple(by_form))
    if pattern is None or not pattern.search(BeautifulSoup(html, "html.parser").get_text()):
        return html

    soup = BeautifulSoup(html, "html.parser")
    explained = set()
    counter = 0
    for node in list(soup.find_all(string=True)):
        if isinstance(node, Comment) or _skipped(node):
            continue
        text = str(node)
        pieces = []
        position = 0
        for match in pattern.finditer(text):
            entry = by_form.get(match.group(1).lower())
            if entry is None or entry.key in explained:
                continue
            explained.add(entry.key)
            counter += 1
            pieces.append(NavigableString(text[position : match.start()]))
            pieces.append(_explanation(soup, match.group(1), entry, counter, label, id_prefix))
            position = match.end()
        if pieces:
            pieces.append(NavigableString(text[position:]))
            node.replace_with(*pieces)
    return str(soup)


def _explanation(soup, word, entry, number, label, id_prefix):
    wrapper = soup.new_tag("span", attrs={"class": "glossary", "data-glossary": ""})
    term = soup.new_tag("dfn", attrs={"class": "glossary__term"})
    term.string = word
    explanation = soup.new_tag(
        "span",
        attrs={"class": "glossary__explanation", "id": f"{id_prefix}-{number}"},
    )
    opening = soup.new_tag("span", attrs={"class": "glossary__paren"})
    opening.string = " ("
    hidden_label = soup.new_tag("span", attrs={"class": "visually-hidden"})
    hidden_label.string = f"{label}: "
    closing = soup.new_tag("span", attrs={"class": "glossary__paren"})
    closing.string = ")"
    explanation.append(opening)
    explanation.append(hidden_label)
    explanation.append(NavigableString(entry.explanation))
    explanation.append(closing)
    wrapper.append(term)
    wrapper.append(explanation)
    return wrapper
