"""Is the easy-read version of a page older than its full text?

Every page that uses ``EasyReadMixin`` keeps two timestamps, maintained here on every
save and every new revision, for any page type, without per-type code:

- ``content_updated_at``: when the full text last changed;
- ``easy_read_updated_at``: when the easy-read version last changed.

"The full text" is every field the page type adds to Wagtail's ``Page`` (plus the
title) and its inline child objects, except the easy-read fields and the audience. A
page type can name its own list with ``easy_read_source_fields = ("intro", "body")``.
Values are compared with the previous version (the previous revision when a revision
is saved, the database row on a full save), ignoring StreamField block ids.

When a revision set a timestamp and is published later, the publish keeps that
timestamp (it is newer than the live one) instead of stamping the publish time: the
order in which the editor changed the two texts is what counts.
"""

import json
from functools import cache

from django.utils import timezone
from modelcluster.models import get_all_child_relations, get_serializable_data_for_fields
from wagtail.models import Page

# Fields of the mixins that are not "the full text".
NOT_CONTENT = {"easy_read", "easy_read_updated_at", "content_updated_at", "audience"}
EASY_READ_FIELDS = ("easy_read",)


@cache
def content_field_names(model):
    """The names of the fields that make up the full text of ``model``."""
    declared = getattr(model, "easy_read_source_fields", None)
    if declared is not None:
        return tuple(declared)

    names = ["title"] if issubclass(model, Page) else []
    for field in model._meta.concrete_fields:
        if field.model is Page or field.name in NOT_CONTENT or not field.editable:
            continue
        if field.primary_key or getattr(field.remote_field, "parent_link", False):
            continue
        if field.name in ("translation_key", "locale"):
            continue
        names.append(field.name)
    page_relations = (
        {rel.get_accessor_name() for rel in get_all_child_relations(Page)}
        if issubclass(model, Page)
        else set()
    )
    for relation in get_all_child_relations(model):
        accessor = relation.get_accessor_name()
        if accessor not in page_relations:
            names.append(accessor)
    return tuple(names)


def _normalise(value):
    """JSON values without StreamField/ListBlock ids and child primary keys."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, dict):
        return {
            key: _normalise(item)
            for key, item in value.items()
            if key not in ("id", "pk") and not (key == "page" and isinstance(item, int))
        }
    return value


def snapshot(instance, names):
    """The values of ``names`` as comparable JSON data.

    Serialises only what is asked for: the full ``serializable_data()`` reads every
    child relation of the page, which the easy-read comparison does not need.
    """

    wanted = set(names)
    fields = get_serializable_data_for_fields(instance)
    data = {name: fields[name] for name in wanted if name in fields}
    for name in wanted - data.keys():
        manager = getattr(instance, name, None)
        if manager is not None and hasattr(manager, "all"):
            data[name] = [
                child.serializable_data()
                if hasattr(child, "serializable_data")
                else get_serializable_data_for_fields(child)
                for child in manager.all()
            ]
    return {name: _normalise(data.get(name)) for name in names}


def _newer(mine, theirs):
    return mine is not None and (theirs is None or mine > theirs)


def track_changes(instance, previous):
    """Set the two timestamps on ``instance`` by comparing it with ``previous``.

    ``previous`` is the version before this save (a model instance) or ``None`` for a
    new page.
    """
    now = timezone.now()
    # Revisions store datetimes to the millisecond; keep the same precision so a
    # timestamp read back from a revision compares equal to the database's.
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    content_names = content_field_names(type(instance))
    if previous is None:
        if instance.content_updated_at is None:
            instance.content_updated_at = now
        if instance.easy_read_updated_at is None and instance.has_easy_read:
            instance.easy_read_updated_at = now
        return
    # The cheap timestamp test first: a newer timestamp wins whatever the texts say,
    # and comparing the texts reads the page's child objects.
    if not _newer(instance.content_updated_at, previous.content_updated_at) and snapshot(
        instance, content_names
    ) != snapshot(previous, content_names):
        instance.content_updated_at = now
    if not _newer(instance.easy_read_updated_at, previous.easy_read_updated_at) and snapshot(
        instance, EASY_READ_FIELDS
    ) != snapshot(previous, EASY_READ_FIELDS):
        instance.easy_read_updated_at = now if instance.has_easy_read else None


_UNCHANGED_SINCE_SAVE = "_freshness_unchanged_since_save"


def unchanged_since_save(instance):
    """Tell the next ``save_revision`` of ``instance`` that it was saved (in full) a
    moment ago and has not changed since, so it need not read the page back to
    compare: for code that creates a page and saves its first revision at once (the
    importer). Holds for that one revision only (``take_unchanged_mark``)."""
    setattr(instance, _UNCHANGED_SINCE_SAVE, True)


def take_unchanged_mark(instance):
    """Whether ``unchanged_since_save`` marked ``instance``; the mark is used up."""
    return instance.__dict__.pop(_UNCHANGED_SINCE_SAVE, False)


def easy_read_may_be_outdated(instance):
    """True when the full text changed after the easy-read version was last edited."""
    if not getattr(instance, "has_easy_read", False):
        return False
    if instance.content_updated_at is None or instance.easy_read_updated_at is None:
        return False
    return instance.content_updated_at > instance.easy_read_updated_at
