"""Bulk creation of Wagtail pages: many children of one parent in a few queries.

Wagtail's ``add_child`` saves one page at a time, indexes it for search and (with
``save_revision().publish()``) writes a revision and log entries: at 10,000 pages
that is many minutes, and on the database search backend each indexing step gets
slower as the index grows (see FACTS.md). For a benchmark portal we want the *same
rows* a publish would leave (live pages with their tree paths, URL paths, locale,
publication dates), so we compute the treebeard paths ourselves and insert each
table of the multi-table inheritance chain in batches. The search index is rebuilt
once at the end (``rebuild_search``), which is also one of the measured figures.

What is deliberately not written: revisions and log entries (nothing in the served
pages reads them; the admin falls back to the live page).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from wagtail.models import Page

BATCH = 400


def _chain(model):
    """The concrete models from ``Page`` down to ``model``, each with its own table."""
    chain = [model]
    while True:
        parents = [p for p in chain[0]._meta.parents if not p._meta.abstract]
        if not parents:
            break
        chain.insert(0, parents[0])
    return chain


def _next_step(parent):
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return 1
    return int(last[-Page.steplen :], len(Page.alphabet)) + 1


def _step(number):
    """A tree path step: ``number`` in the tree's alphabet (treebeard's materialised
    path: base 36, ``Page.steplen`` characters)."""
    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(Page.steplen, Page.alphabet[0])


def bulk_add_children(parent, pages):
    """Insert ``pages`` (unsaved instances of one page model, with title, slug, locale,
    dates and their own fields set) as live children of ``parent``, in order.
    Returns the pages, with their ids set."""
    if not pages:
        return pages
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    step = _next_step(parent)
    base_url_path = parent.url_path
    for offset, page in enumerate(pages):
        page.path = parent.path + _step(step + offset)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{base_url_path}{page.slug}/"
        page.content_type = content_type
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.last_published_at = page.last_published_at or page.first_published_at
        page.locale_id = page.locale_id or parent.locale_id

    chain = _chain(model)
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        # The Page table through the ordinary bulk_create (it returns the ids) ...
        Page.objects.bulk_create(batch)
        for page in batch:
            for level in chain[1:]:
                link = level._meta.pk
                setattr(page, link.attname, page.id)
        # ... and every table below it with its own columns.
        for level in chain[1:]:
            _insert_rows(level, batch)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def _insert_rows(model, pages):
    """INSERT the columns ``model`` adds to its parent table (multi-table inheritance)
    for every page, in one statement per batch."""
    fields = list(model._meta.local_concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 - names from the model
            rows,
        )
