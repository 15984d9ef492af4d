"""The life of a working-group space: what a WorkingGroupPage owns and keeps in step.

A space owns two Django groups ("Werkgroep <naam>" for members, "Werkgroep <naam> —
trekkers" for leads), one page view restriction (groups: members, leads and
Netwerkcoördinator), the leads' page permissions on the space, and a private document
collection with a collection view restriction for the same three groups.

- Creating a space (``WorkingGroupPage.save`` on a page without groups) creates all of
  it in the page's own transaction. A translation adopts the groups and collection of
  the page it translates; a copy gets new, empty ones.
- Renaming the space (the Dutch source) renames its groups and collection.
- Unpublishing and moving change nothing: the restriction sits on the page itself.
- The restrictions are re-asserted whenever anything else changes or deletes them
  (the admin's privacy dialog, a copied restriction): see ``werkgroepen.signals``.
- Deleting a space moves its collection, documents and all, under "Archief
  werkgroepen", restricted to the coordinator, and then deletes the two groups. No
  document is ever deleted with its space.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    PageViewRestriction,
)
from wagtail.permissions import policy_registry

from access.roles import COORDINATOR

MEMBER_PREFIX = "Werkgroep "
LEAD_SUFFIX = " — trekkers"
SPACES_COLLECTION = "Werkgroepen"
ARCHIVE_COLLECTION = "Archief werkgroepen"
# Group.name holds 150 characters; keep room for the prefix, suffix and a " (99)".
_NAME_ROOM = 150 - len(MEMBER_PREFIX) - len(LEAD_SUFFIX) - 5

LEAD_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Actions on the space's documents in the admin. Wagtail treats "delete" like
# "change"; deleting a space document for good is refused anyway (``signals``):
# it goes through the space's trash.
LEAD_DOCUMENT_ACTIONS = ("add", "change", "choose")

_managing = ContextVar("werkgroepen_managing_restrictions", default=False)


@contextmanager
def managing():
    """Mark restriction changes made here as our own (the repair signals skip them)."""
    token = _managing.set(True)
    try:
        yield
    finally:
        _managing.reset(token)


def is_managing():
    return _managing.get()


# --- names ------------------------------------------------------------------------


def base_name(title):
    return " ".join((title or "").split())[:_NAME_ROOM] or "zonder naam"


def group_names(base):
    return f"{MEMBER_PREFIX}{base}", f"{MEMBER_PREFIX}{base}{LEAD_SUFFIX}"


def names_taken(base, own_group_ids=()):
    """True when another space's (or anyone's) group already carries one of the names."""
    return (
        Group.objects.filter(name__in=group_names(base))
        .exclude(pk__in=list(own_group_ids))
        .exists()
    )


def free_base(title, own_group_ids=()):
    base = base_name(title)
    candidate, number = base, 2
    while names_taken(candidate, own_group_ids):
        candidate = f"{base} ({number})"
        number += 1
    return candidate


def coordinator_group():
    return Group.objects.get_or_create(name=COORDINATOR)[0]


def _parent_collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


# --- creation ---------------------------------------------------------------------


def translation_source(page):
    """Another page of the same translation set that already has its space set up."""
    if not page.translation_key:
        return None
    return (
        type(page)
        .objects.filter(translation_key=page.translation_key, member_group__isnull=False)
        .exclude(pk=page.pk)
        .first()
    )


def provision(page):
    """Give a new space its groups and collection (before the page row is written)."""
    if page.member_group_id and page.lead_group_id and page.collection_id:
        return
    source = translation_source(page)
    if source is not None:
        page.member_group_id = source.member_group_id
        page.lead_group_id = source.lead_group_id
        page.collection_id = source.collection_id
        return
    base = free_base(page.title)
    member_name, lead_name = group_names(base)
    if not page.member_group_id:
        page.member_group = Group.objects.create(name=member_name)
    if not page.lead_group_id:
        page.lead_group = Group.objects.create(name=lead_name)
    if not page.collection_id:
        page.collection = _parent_collection(SPACES_COLLECTION).add_child(name=member_name)


# --- keeping it consistent --------------------------------------------------------


def space_groups(page):
    return [page.member_group, page.lead_group, coordinator_group()]


def _ensure_restriction(model, owner_field, owner, groups, key_group):
    """Exactly one group restriction on ``owner``, for ``groups``; others removed."""
    restrictions = list(model.objects.filter(**{owner_field: owner}).prefetch_related("groups"))
    ours = next(
        (
            r
            for r in restrictions
            if r.restriction_type == BaseViewRestriction.GROUPS
            and key_group.pk in {g.pk for g in r.groups.all()}
        ),
        None,
    )
    if ours is None:
        ours = model(restriction_type=BaseViewRestriction.GROUPS, **{owner_field: owner})
        ours.save()
    elif ours.restriction_type != BaseViewRestriction.GROUPS:
        ours.restriction_type = BaseViewRestriction.GROUPS
        ours.save()
    wanted = {g.pk for g in groups}
    if {g.pk for g in ours.groups.all()} != wanted:
        ours.groups.set(groups)
    for restriction in restrictions:
        if restriction.pk != ours.pk:
            restriction.delete()
    return ours


def _permissions(app_label, codenames):
    return list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def document_permissions(actions):
    """The permissions Wagtail checks for documents in a collection. Wagtail checks
    them on its base ``Document`` model (``wagtaildocs.add_document``, …), not on our
    custom document model."""

    opts = policy_registry.get_by_type(get_document_model()).auth_model._meta
    return _permissions(opts.app_label, [get_permission_codename(a, opts) for a in actions])


def _rename(page):
    """Follow a new title of the Dutch source page (translations never rename)."""

    if page.locale_id != Locale.get_default().pk:
        return
    own = (page.member_group_id, page.lead_group_id)
    member_name, _lead = group_names(base_name(page.title))
    if page.member_group.name == member_name:
        return
    base = free_base(page.title, own)
    member_name, lead_name = group_names(base)
    page.member_group.name = member_name
    page.member_group.save(update_fields=["name"])
    page.lead_group.name = lead_name
    page.lead_group.save(update_fields=["name"])
    if page.collection.name != member_name:
        page.collection.name = member_name
        page.collection.save(update_fields=["name"])


def sync(page):
    """Make the space's restrictions, permissions and names match the page."""
    if not (page.pk and page.member_group_id and page.lead_group_id and page.collection_id):
        return
    with managing():
        _rename(page)
        groups = space_groups(page)
        _ensure_restriction(PageViewRestriction, "page", page, groups, page.member_group)
        _ensure_restriction(
            CollectionViewRestriction, "collection", page.collection, groups, page.member_group
        )
        for permission in _permissions("wagtailcore", LEAD_PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(
                group=page.lead_group, page=page, permission=permission
            )
        for permission in document_permissions(LEAD_DOCUMENT_ACTIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=page.lead_group, collection=page.collection, permission=permission
            )
        admin_access = _permissions("wagtailadmin", ["access_admin"])
        if admin_access:
            page.lead_group.permissions.add(*admin_access)


def repair(page_id):
    """Re-assert a space's restrictions after someone else changed them."""
    from werkgroepen.models import WorkingGroupPage

    page = WorkingGroupPage.objects.filter(pk=page_id).first()
    if page is not None:
        sync(page)


def repair_collection(collection_id):
    """Re-assert the restriction of a space's collection, or of an archived one."""
    from werkgroepen.models import WorkingGroupPage

    page = WorkingGroupPage.objects.filter(collection_id=collection_id).first()
    if page is not None:
        sync(page)
    elif is_archived(collection_id):
        _restrict_archive(Collection.objects.get(pk=collection_id))


# --- deletion ---------------------------------------------------------------------


def is_archived(collection_id):
    archive = Collection.get_first_root_node().get_children().filter(name=ARCHIVE_COLLECTION)
    archive = archive.first()
    if archive is None:
        return False
    return Collection.objects.filter(pk=collection_id, path__startswith=archive.path).exists()


def _restrict_archive(collection):
    with managing():
        _ensure_restriction(
            CollectionViewRestriction,
            "collection",
            collection,
            [coordinator_group()],
            coordinator_group(),
        )


def archive_space(page):
    """Called when a space is deleted: keep its documents, drop its groups.

    Runs inside the deletion's transaction; a translation being deleted while its
    source remains changes nothing.
    """
    from werkgroepen.models import WorkingGroupPage

    others = WorkingGroupPage.objects.exclude(pk=page.pk)
    with transaction.atomic():
        collection = Collection.objects.filter(pk=page.collection_id).first()
        if collection and not others.filter(collection_id=collection.pk).exists():
            archive = _parent_collection(ARCHIVE_COLLECTION)
            _restrict_archive(archive)
            # Restricted by itself too, so moving it out of the archive by mistake
            # does not make it public.
            _restrict_archive(collection)
            collection.refresh_from_db()
            stamp = timezone.localdate().isoformat()
            collection.name = f"{collection.name} (gearchiveerd {stamp})"[:255]
            collection.save(update_fields=["name"])
            collection.move(archive, pos="sorted-child")
        group_ids = [pk for pk in (page.member_group_id, page.lead_group_id) if pk]
        still_used = (
            others.filter(member_group_id__in=group_ids).exists()
            or others.filter(lead_group_id__in=group_ids).exists()
        )
        if group_ids and not still_used:
            with managing():
                Group.objects.filter(pk__in=group_ids).delete()
