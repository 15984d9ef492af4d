"""Rebuilding Wagtail's own search index (the admin's searches) in batches.

The admin's page, document, image and snippet searches go through Wagtail's search
backend (``WAGTAILSEARCH_BACKENDS``, the database backend by default), not through
the portal's index. ``manage.py update_index`` rebuilds it after the portal's index.

Wagtail's ``wagtail_update_index`` loads each model's objects with the queryset of
``get_indexed_objects()``, which leaves ``ParentalManyToManyField``s (themes, target
groups, method types) unprefetched. The backend then reads each of them three times
per object (for the title, the body and the autocomplete text): about 90,000 queries
at 10,000 practices. This does the same rebuild through the same backend API
(rebuilder, ``add_model``, ``add_items``) with every relation the search fields name
prefetched per batch. Search servers (Elasticsearch) are rebuilt the same way.

On SQLite the backend also updates an object that is already in its index with one
UPDATE per object (PostgreSQL's backend upserts a batch in one statement): here the
batch's old entries are deleted first, in the same transaction as the batch's
insert, so the admin's search never misses them.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import RelatedFields, get_indexed_models

BATCH_SIZE = 500


def _related_names(model):
    """Relations the search fields of ``model`` read, for prefetch_related."""
    names = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue  # a method or property: nothing to prefetch
        if field.one_to_many or field.many_to_many:
            names.append(search_field.field_name)
    return names


def indexed_objects(model):
    """``model.get_indexed_objects()`` with the many-valued relations prefetched
    (Wagtail's own queryset already select_relates the single-valued ones)."""
    queryset = model.get_indexed_objects()
    names = _related_names(model)
    return queryset.prefetch_related(*names) if names else queryset


def _updates_row_by_row(index):
    """The database backend's SQLite index (its module cannot be imported on other
    databases, so it is recognised by its connection)."""
    connection = getattr(index, "write_connection", None)
    return connection is not None and connection.vendor == "sqlite" and hasattr(index, "entries")


def _add_batch(index, model, objects):
    with transaction.atomic():
        if _updates_row_by_row(index):
            index.entries.filter(
                content_type_id=ContentType.objects.get_for_model(model).pk,
                object_id__in=[str(obj.pk) for obj in objects],
            )._raw_delete(index.write_connection.alias)
        index.add_items(model, objects)


def _models_by_index(backend):
    grouped = {}
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        grouped.setdefault(index.get_key(), (index, []))[1].append(model)
    return list(grouped.values())


def rebuild(say=None, batch_size=BATCH_SIZE):
    """Rebuild every configured Wagtail search backend. Returns the objects indexed."""
    total = 0
    for backend_name in get_app_config().get_search_backend_config():
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            continue
        for index, models in _models_by_index(backend):
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            for model in models:
                queryset = indexed_objects(model).order_by("pk")
                pks = list(queryset.values_list("pk", flat=True))
                for start in range(0, len(pks), batch_size):
                    chunk = pks[start : start + batch_size]
                    _add_batch(index, model, list(queryset.filter(pk__in=chunk)))
                total += len(pks)
                if say is not None and pks:
                    say(f"  {model._meta.verbose_name_plural}: {len(pks)}")
            rebuilder.finish()
    return total
