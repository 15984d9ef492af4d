"""The portal's roles as Django groups, created idempotently after every migrate.

| role              | may                                                            |
| ----------------- | -------------------------------------------------------------- |
| Partner           | read partner-only pages (view restriction)                     |
| Redacteur         | edit and publish the editorial sections (kennisbank, easy-read, |
|                   | feedback) in every language; manage taxonomies and images,      |
|                   | and the documents of the public collection "Publieke documenten"|
| Vertaler          | translate and publish translations of the editorial sections    |
| Netwerkcoördinator| everything                                                     |

Working groups get their own pair of groups when their space is created
(see ``werkgroepen``). Editorial sections are page types that set
``editorial_root = True``; the page permissions are granted on every such page.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from access.privacy import group_ids
from core.cache import versioned

PARTNER = "Partner"
REDACTEUR = "Redacteur"
VERTALER = "Vertaler"
COORDINATOR = "Netwerkcoördinator"

ROLE_NAMES = (PARTNER, REDACTEUR, VERTALER, COORDINATOR)

# Model permissions per role, as "app_label.codename".
ROLE_PERMISSIONS = {
    PARTNER: [],
    REDACTEUR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailsearchpromotions.add_searchpromotion",
        "wagtailsearchpromotions.change_searchpromotion",
        "wagtailsearchpromotions.delete_searchpromotion",
        "wagtail_localize.submit_translation",
    ],
    VERTALER: [
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
    ],
    COORDINATOR: ["*"],
}

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page")
TRANSLATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
ALL_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
# Wagtail checks collection permissions against its own Document and Image models
# (the permission policies' ``auth_model``), also when the site swaps in its own models.
ALL_COLLECTION_PERMISSIONS = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtailimages.choose_image",
)
EDITOR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
)
# Editors manage documents only in this public collection, never at the root: the
# working groups' private collections are children of the root and would inherit it.
PUBLIC_DOCUMENTS_COLLECTION = "Publieke documenten"
EDITOR_DOCUMENT_PERMISSIONS = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
)


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _snippet_permissions():
    """Permissions on every model that sets ``editor_managed = True`` (taxonomies, …)."""
    perms = []
    for model in apps.get_models():
        if getattr(model, "editor_managed", False):
            perms.extend(
                Permission.objects.filter(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                )
            )
    return perms


def editorial_roots():
    """Every page that is the root of an editorial section, in every language."""

    models = [m for m in apps.get_models() if getattr(m, "editorial_root", False)]
    if not models:
        return Page.objects.none()
    return Page.objects.type(*models)


@transaction.atomic
def ensure_roles():
    """Create or update the role groups and their permissions. Safe to run often."""

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_NAMES}

    for name, dotted_perms in ROLE_PERMISSIONS.items():
        group = groups[name]
        if dotted_perms == ["*"]:
            wanted = set(Permission.objects.values_list("pk", flat=True))
        else:
            wanted = {p.pk for p in map(_permission, dotted_perms) if p}
            if name == REDACTEUR:
                wanted |= {p.pk for p in _snippet_permissions()}
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted - current:
            group.permissions.add(*(wanted - current))

    root_page = Page.get_first_root_node()
    if root_page:
        _grant_pages(groups[COORDINATOR], [root_page], ALL_PAGE_PERMISSIONS)
        roots = list(editorial_roots())
        _grant_pages(groups[REDACTEUR], roots, EDITOR_PAGE_PERMISSIONS)
        _grant_pages(groups[VERTALER], roots, TRANSLATOR_PAGE_PERMISSIONS)

    root_collection = Collection.get_first_root_node()
    if root_collection:
        for dotted in ALL_COLLECTION_PERMISSIONS:
            perm = _permission(dotted)
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[COORDINATOR], collection=root_collection, permission=perm
                )
        for dotted in EDITOR_COLLECTION_PERMISSIONS:
            perm = _permission(dotted)
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[REDACTEUR], collection=root_collection, permission=perm
                )
        public = public_documents_collection(root_collection)
        for dotted in EDITOR_DOCUMENT_PERMISSIONS:
            perm = _permission(dotted)
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[REDACTEUR], collection=public, permission=perm
                )
    return groups


def public_documents_collection(root_collection=None):
    """The collection for documents everyone may read (created when missing)."""

    root_collection = root_collection or Collection.get_first_root_node()
    existing = root_collection.get_children().filter(name=PUBLIC_DOCUMENTS_COLLECTION).first()
    return existing or root_collection.add_child(name=PUBLIC_DOCUMENTS_COLLECTION)


def _grant_pages(group, pages, codenames):
    perms = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )
    for page in pages:
        for perm in perms:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def ensure_roles_after_migrate(sender, **kwargs):
    """Run once per migrate, after the last app (when every permission exists)."""
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if with_models and sender is with_models[-1]:
        from core.languages import ensure_locales

        ensure_locales()
        ensure_roles()


def is_coordinator(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(_role_groups()["coordinator"].intersection(group_ids(user)))


def _role_groups():
    """Ids of the groups that make someone a coordinator, give access to the admin,
    or hold any page permission: one query, kept per content version."""

    def compute():
        rows = (
            Group.objects.annotate(
                portal_admin=Exists(
                    Permission.objects.filter(
                        group=OuterRef("pk"),
                        codename="access_admin",
                        content_type__app_label="wagtailadmin",
                    )
                ),
                portal_pages=Exists(GroupPagePermission.objects.filter(group=OuterRef("pk"))),
            )
            .filter(Q(name=COORDINATOR) | Q(portal_admin=True) | Q(portal_pages=True))
            .values_list("pk", "name", "portal_admin", "portal_pages")
        )
        found = {"coordinator": set(), "admin": set(), "pages": set()}
        for pk, name, admin, pages in rows:
            for role, holds in (
                ("coordinator", name == COORDINATOR),
                ("admin", admin),
                ("pages", pages),
            ):
                if holds:
                    found[role].add(pk)
        return found

    return versioned(("roles:groups",), compute)


def may_open_admin(user):
    """Whether ``user`` may have Wagtail's admin access, decided without Django's two
    permission queries for everyone else: superusers and staff pass, other users only
    with a group that grants ``wagtailadmin.access_admin``. (A permission granted to a
    user directly, not through a group, is not looked at: the portal grants roles
    through groups.)"""

    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(_role_groups()["admin"].intersection(group_ids(user)))


def may_have_page_permissions(user):
    """False when ``user`` certainly has no page permission at all (Wagtail grants them
    to groups only), so ``page.permissions_for_user(user)`` need not be asked."""

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(_role_groups()["pages"].intersection(group_ids(user)))


def editable_pages(user):
    """Pages ``user`` may edit or publish (not merely pass through in the explorer)."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
