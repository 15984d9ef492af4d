"""The public interface of the site search: the only module of ``search`` that other
apps (home, kennisbank, werkgroepen, demo, the benchmark) import.

Keeping the index current needs no call: saving or deleting a page, a practice's tip
or a document updates its rows after the transaction commits (``search.signals``).
What this module offers is for the cases that need more:

``held()``
    A context manager for a bulk job (an import): the index work of everything saved
    inside is done once, when the block ends, instead of after every commit.
``rebuild()``
    Build the portal's whole index again; returns the number of rows.
    ``manage.py rebuild_search`` does this too, after reading missing document text,
    and then runs Wagtail's own ``update_index``.
``EXTRACTION_FIELDS`` and ``extract_text_later(document_id)``
    The document fields that text extraction writes (a save of only these needs no
    new extraction), and queueing the extraction of a document's text once the
    current transaction commits (a background task; it saves the document, which
    indexes it).
``extract_text(file, filename)``
    The text of a file now (PDF, DOCX, ODT, XLSX, PPTX, text); raises
    ``UnsupportedFileType`` or ``ExtractionFailed``.
``ATTACHED_TEXTS_HOOK``, ``AttachedText`` and ``index_later(obj)``
    Text that belongs to a page or a document without being part of it (members'
    comments on a meeting or a document). An app registers a function under this
    Wagtail hook: it takes a page (specific) or a document and returns a list of
    ``AttachedText`` for it (or nothing). Each becomes a result of its own, written
    with that page or document whenever it is indexed, and found only by who may
    open it (for text on a document that leads to a page: the page too). When such
    text changes, ``index_later(obj)`` indexes its page or document again once the
    current transaction commits.
``search(request, raw, params, language)``
    One search as the search page runs it: limited to what ``request.user`` may see.
``stems(text, language, *, drop_stopwords=False)``
    The index's tokens for ``text``: stems in order, then (Dutch) the stems of
    compound parts, so that *energiefacturen* and *energiefactuur* share a token and
    *schuldhulpverlening* also gives *schuld*'s; Dutch with one fold more, so that
    *schulden* and *schuld* do too. For comparing words the way the search does (the
    importer's classification suggestions).
"""

from django.db import transaction
from wagtail.models import Page

from . import indexing, service, signals
from .adapters import ATTACHED_TEXTS_HOOK, AttachedText
from .extraction import ExtractionFailed, UnsupportedFileType, extract_text
from .signals import held
from .tasks import EXTRACTION_FIELDS, extract_document_text
from .text import analyze_for_index, fold_final_d, is_stopword, words

__all__ = [
    "ATTACHED_TEXTS_HOOK",
    "EXTRACTION_FIELDS",
    "AttachedText",
    "ExtractionFailed",
    "UnsupportedFileType",
    "extract_text",
    "extract_text_later",
    "held",
    "index_later",
    "rebuild",
    "search",
    "stems",
]


def rebuild():
    """Build the portal's whole index again; returns the number of rows written."""
    return indexing.rebuild()


def extract_text_later(document_id):
    """Queue reading the text of document ``document_id`` once the current
    transaction commits."""
    transaction.on_commit(lambda: extract_document_text.enqueue(document_id))


def index_later(obj):
    """Index a page or a document again once the current transaction commits (its
    attached text changed)."""
    signals.schedule("page" if isinstance(obj, Page) else "document", obj.pk)


def search(request, raw, params, language):
    """The outcome of one search (``search.service.Outcome``) for ``request.user``."""
    return service.search(request, raw, params, language)


def stems(text, language, *, drop_stopwords=False):
    """The index tokens of ``text`` in ``language`` (``search.text.analyze_for_index``):
    the stem of each word in order, then for Dutch the stems of the parts of compound
    words. With ``drop_stopwords`` the language's stop words ("de", "bij", …) are
    left out first.

    Dutch stems get one more fold here: Snowball's Dutch stemmer takes a plural's
    "-den" after a consonant for a past tense and removes it whole (*schulden* ->
    *schul*, while *schuld* stays *schuld*), so a final "d" after a consonant other
    than "n" is dropped from every stem: *schuld* and *schulden* are one token, as
    are *woord* and *woorden*. (The index does not make this fold: a search for
    *schuld* misses *schulden*.)"""
    found = words(text)
    if drop_stopwords:
        found = [word for word in found if not is_stopword(word, language)]
    tokens = analyze_for_index(" ".join(found), language)
    if (language or "").split("-")[0] == "nl":
        tokens = [fold_final_d(token) for token in tokens]
    return tokens
