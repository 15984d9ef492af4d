"""Writing the search index: objects in, ``SearchEntry`` rows out.

``index_object(obj)`` replaces the rows of one page (with its tips) or document,
``index_objects`` and ``remove_objects`` those of several at once, ``index_pages``
those of pages by key (live ones written, others dropped), ``rebuild()`` builds
everything again in batches.
The adapters decide what an object yields; this module only analyses the text and
stores it, and tells a search server (Elasticsearch) about the change when one is
configured.
"""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search import index

from core.cache import bump_content_version

from . import adapters
from .engines import get_engine
from .engines.postgres_vectors import tsvector_literal
from .models import SearchEntry, SearchEntryFacet, SearchText
from .text import analyze_for_index, plain_words

logger = logging.getLogger(__name__)

# Only this many body tokens count for ranking on PostgreSQL (ts_rank reads the whole
# vector of every match; the full vector still decides what matches).
RANK_BODY_TOKENS = 400
SNIPPET_SOURCE_MAX_CHARS = adapters.SNIPPET_SOURCE_MAX_CHARS


def group_id(group_key):
    """A stable signed 64-bit number for a group key."""
    digest = hashlib.blake2b(group_key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def build_row(data):
    """A SearchEntry and its SearchText (both unsaved) and facet values, from one
    EntryData."""
    language = data.language
    title_tokens = analyze_for_index(data.title, language)
    lead_tokens = analyze_for_index(data.lead[: adapters.INDEX_MAX_CHARS], language)
    body_tokens = analyze_for_index(data.body[: adapters.INDEX_MAX_CHARS], language)
    words = plain_words(data.title)
    date = data.date
    if date is not None and hasattr(date, "tzinfo") and timezone.is_naive(date):
        date = timezone.make_aware(date)
    row = SearchEntry(
        key=data.key,
        kind=data.kind,
        group_key=data.group_key[:80],
        group_id=group_id(data.group_key[:80]),
        language=language,
        reading_level=data.reading_level,
        date=date,
        year=timezone.localtime(date).year if date else None,
        working_group=data.working_group or "",
        boost=data.boost,
        page=data.page,
        document=data.document,
        url_suffix=data.url_suffix,
        page_path=data.page_path,
        collection_path=data.collection_path,
        title=data.title[:255],
    )
    content = SearchText(
        text="\n".join(t for t in (data.lead, data.body) if t)[:SNIPPET_SOURCE_MAX_CHARS],
        title_index=" ".join(title_tokens),
        lead_index=" ".join(lead_tokens),
        body_index=" ".join(body_tokens),
        words_index=" ".join(words),
    )
    if connection.vendor == "postgresql":
        content.search_vector = tsvector_literal(
            [(title_tokens, "A"), (lead_tokens, "B"), (body_tokens, "C")]
        )
        content.rank_vector = tsvector_literal(
            [(title_tokens, "A"), (lead_tokens, "B"), (body_tokens[:RANK_BODY_TOKENS], "C")]
        )
        content.words_vector = tsvector_literal([(words, "A")])
    facets = [
        (facet, value[:64])
        for facet, values in data.facets.items()
        for value in dict.fromkeys(values)
    ]
    return row, content, facets


def _store(built):
    """Save rows built by ``build_row``; returns the entries (each with ``.content``).

    Three ``executemany`` INSERTs (entries, texts, facet values) and one SELECT of the
    new ids by key: Django's ``bulk_create`` compiles every value of every row into one
    statement, which costs more than the database's own work for a rebuild's batches.
    """
    if not built:
        return []
    rows = [row for row, _content, _facets in built]
    with connection.cursor() as cursor:
        _insert(cursor, SearchEntry, rows)
        ids = {}
        keys = [row.key for row in rows]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            ids.update(SearchEntry.objects.filter(key__in=chunk).values_list("key", "pk"))
        contents = []
        for row, content, _facets in built:
            row.pk = ids[row.key]
            content.entry = row
            contents.append(content)
        _insert(cursor, SearchText, contents)
        _insert(
            cursor,
            SearchEntryFacet,
            [
                SearchEntryFacet(entry_id=row.pk, facet=facet, value=value)
                for row, _content, facets in built
                for facet, value in facets
            ],
        )
    return rows


def _insert(cursor, model, objects):
    """INSERT ``objects`` (unsaved instances of ``model``) with one executemany; the
    auto primary key is left to the database."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    ops = connection.ops
    placeholders = []
    for f in fields:
        placeholder = getattr(f, "get_placeholder", None)
        placeholders.append(placeholder(None, None, connection) if placeholder else "%s")
    # Only model metadata (table and column names, placeholders) is formatted in.
    sql = (
        f"INSERT INTO {ops.quote_name(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
        f"VALUES ({', '.join(placeholders)})"
    )
    values = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    cursor.executemany(sql, values)


def entries_for(obj, context=None):
    adapter = adapters.adapter_for(type(obj))
    if adapter is None:
        return []
    return adapter.entries(obj, context or adapters.IndexContext())


def _delete_rows(objects):
    """Delete the index rows of these pages and documents; returns their keys (for
    the search server). A row with both a page and a document (text attached to the
    document that leads to a page) belongs to its document."""
    rows = SearchEntry.objects.filter(
        Q(page_id__in=[o.pk for o in objects if isinstance(o, Page)], document_id__isnull=True)
        | Q(document_id__in=[o.pk for o in objects if not isinstance(o, Page)])
    )
    keys = list(rows.values_list("key", flat=True))
    rows.delete()
    return keys


def index_object(obj, context=None):
    """Replace the index rows of a page (``obj.specific``) or a document."""
    return index_objects([obj], context)


@transaction.atomic
def index_objects(objects, context=None):
    """Replace the index rows of these pages (each ``.specific``) and documents at
    once: one lookup of the old keys, one delete and one ``_store`` for all of them,
    and one message to the search server after the commit (``index_pages`` hands over
    a batch of an import at a time)."""
    objects = [obj.specific if isinstance(obj, Page) else obj for obj in objects]
    if not objects:
        return []
    old_keys = _delete_rows(objects)
    rows = _store([build_row(data) for obj in objects for data in entries_for(obj, context)])
    engine = get_engine()
    new_keys = {row.key for row in rows}
    transaction.on_commit(
        lambda: engine.after_write([k for k in old_keys if k not in new_keys], rows)
    )
    return rows


@transaction.atomic
def remove_objects(objects):
    """Drop the index rows of these pages and documents."""
    if not objects:
        return
    keys = _delete_rows(objects)
    engine = get_engine()
    transaction.on_commit(lambda: engine.after_write(keys, []))


def index_pages(page_ids, batch_size=200):
    """Index the pages ``page_ids`` (live ones written again, the others removed;
    deleted ones skipped), loaded per page type and batch with what the adapters read
    (``_prefetch``) instead of page by page: the work an import leaves for the end."""

    by_type = {}
    for pk, type_id in Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"):
        by_type.setdefault(type_id, []).append(pk)
    context = adapters.IndexContext()
    for type_id, pks in sorted(by_type.items()):
        model = ContentType.objects.get_for_id(type_id).model_class() or Page
        for start in range(0, len(pks), batch_size):
            queryset = model.objects.filter(pk__in=pks[start : start + batch_size])
            if adapters.adapter_for(model) is not None:
                queryset = _prefetch(model, queryset)
            pages = list(queryset)
            index_objects([page for page in pages if page.live], context)
            remove_objects([page for page in pages if not page.live])


def _live_pages_by_model():
    """Live pages grouped by their specific model, for batch loading."""

    type_ids = Page.objects.live().values_list("content_type_id", flat=True).distinct()
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)).order_by("pk"):
        model = content_type.model_class()
        if model is None or adapters.adapter_for(model) is None:
            continue
        yield model, model.objects.live().filter(content_type=content_type)


def _prefetch(model, queryset):
    """Load what the adapters read in a few queries per batch instead of a few per
    page: the locale, the taxonomy links (facets), child objects with an adapter
    (tips), and whatever the page type's ``RelatedFields`` name (an organisation,
    obstacles)."""
    queryset = queryset.select_related("locale")
    names = [f.name for f in model._meta.many_to_many]
    names += [
        r.get_accessor_name()
        for r in model._meta.related_objects
        if adapters.adapter_for(r.related_model) is not None
        and r.related_model is not model
        and r.one_to_many
    ]
    for search_field in model.get_search_fields():
        if isinstance(search_field, index.RelatedFields):
            try:
                field = model._meta.get_field(search_field.field_name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                queryset = queryset.select_related(search_field.field_name)
            elif field.one_to_many or field.many_to_many:
                names.append(search_field.field_name)
    names = list(dict.fromkeys(names))
    return queryset.prefetch_related(*names) if names else queryset


def _clear(schema):
    """Empty the index in one transaction, one DELETE per table: the rows are ours
    and nothing else points at them, so nothing is loaded into Python first (a
    queryset's ``delete()`` would collect every row, as receivers of ``post_delete``
    are connected for every model). On SQLite the FTS table is dropped and created
    again instead of being told about each deleted row by the delete trigger; this
    also repairs missing triggers."""
    with transaction.atomic():
        if connection.vendor == "sqlite":
            schema.uninstall(connection)
        with connection.cursor() as cursor:
            for model in (SearchEntryFacet, SearchText, SearchEntry):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 -- our own table's name
        schema.ensure(connection)


def rebuild(stdout=None, batch_size=500):
    """Build the whole index again. Returns the number of rows written."""
    from .engines import schema

    def say(message):
        if stdout is not None:
            stdout.write(message)

    context = adapters.IndexContext()
    engine = get_engine()
    _clear(schema)
    engine.reset()
    written = 0
    sources = list(_live_pages_by_model())
    Document = get_document_model()
    documents = Document.objects.filter(trashed_at__isnull=True).select_related("collection")
    sources.append((Document, documents.prefetch_related("tags")))
    for model, queryset in sources:
        total = queryset.count()
        done = 0
        label = model._meta.verbose_name_plural
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        for start in range(0, total, batch_size):
            chunk = pks[start : start + batch_size]
            objects = (
                _prefetch(model, queryset.filter(pk__in=chunk))
                if model is not Document
                else queryset.filter(pk__in=chunk)
            )
            pending = []
            for obj in objects:
                try:
                    pending.extend(build_row(d) for d in entries_for(obj, context))
                except Exception:  # one broken object must not stop the rebuild
                    logger.exception("Could not index %r", obj)
            with transaction.atomic():
                rows = _store(pending)
            engine.after_write([], rows)
            written += len(rows)
            done += len(chunk)
            say(f"  {label}: {done}/{total}")
    engine.after_rebuild()
    # Searches kept under the content version (search.service) may have counted the
    # index while it was being rebuilt.
    bump_content_version()
    say(f"Zoekindex: {written} items.")
    return written
