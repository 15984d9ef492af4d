"""Who may see what: the one place that turns view restrictions into querysets.

Wagtail checks a view restriction when a page or document is *served*, but a
queryset (``Page.objects.live()``, a search, a sitemap) filters nothing. Every
listing, search, feed, sitemap and API in the portal narrows its queryset with
``viewable_pages`` / ``viewable_documents`` / ``viewable_images`` first.

A restriction is passed in SQL, without loading the restrictions into Python:
- ``login``: any authenticated user;
- ``groups``: a user in one of its groups (superusers pass everything);
- ``password``: never (shared passwords are switched off in settings).
Pages below a failed restriction are excluded by path prefix (a set look-up per
prefix length, ``_below_any``); the failed
restrictions on pages without children (most partner-only pages) are excluded with
one subquery, so the query stays the same size however many restrictions exist.

Which restrictions a user fails depends on nothing but their *audience*: anonymous,
superuser, or the set of groups they are in (``audience``). A page needs the user's
groups several times (menu, language links, related pages, documents, Wagtail's own
check of a restriction): ``read_groups`` (``access.middleware.ReadGroupsMiddleware``)
reads them once per request and leaves them on the request's user. Values computed
from what an audience may see are kept only through ``core.cache.kept_for_audience``,
under the exact audience.
"""

from django.db.models import CharField, Exists, F, OuterRef, Q, Value, prefetch_related_objects
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import In
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from core.cache import kept_for_audience

# More non-leaf failed restrictions than this are handled by a correlated subquery
# instead of one OR-ed prefix condition each.
_MAX_PREFIXES = 200


def read_groups(request):
    """Read the visitor's groups once for this request.

    They are kept with the request's user, as Django's prefetch of ``user.groups``:
    ``group_ids``, ``audience`` and Wagtail's own restriction check (``accept_request``
    asks ``user.groups.all()``) then need no query of their own. Django drops them when
    the groups are changed through that user (``user.groups.add`` and the like)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        prefetch_related_objects([user], "groups")


def request_audience(request):
    """``audience`` of the request's visitor, with their groups read once
    (``read_groups``)."""
    read_groups(request)
    return audience(getattr(request, "user", None))


def group_ids(user):
    """Ids of the user's groups (no query when ``read_groups`` read them already)."""
    if user is None or not user.is_authenticated:
        return []
    return [group.pk for group in user.groups.all()]


def audience(user):
    """Everything that decides what a user may see and do in the portal, as a string:
    "anonymous", or the user's sorted group ids, marked for a superuser. Two users with
    the same audience see the same pages, documents and images, and hold the same
    roles (a superuser's groups still decide which spaces are theirs)."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    groups = "groups:" + ",".join(str(pk) for pk in sorted(group_ids(user)))
    return f"superuser;{groups}" if user.is_superuser else groups


def _failed(restrictions, user):
    """The restrictions in ``restrictions`` this user does not pass."""
    if user is None or not user.is_authenticated:
        return restrictions.exclude(restriction_type=BaseViewRestriction.NONE)
    if user.is_superuser:
        return restrictions.none()
    passed = Q(restriction_type=BaseViewRestriction.NONE) | Q(
        restriction_type=BaseViewRestriction.LOGIN
    )
    ids = group_ids(user)
    if ids:
        passed |= Q(restriction_type=BaseViewRestriction.GROUPS, groups__in=ids)
    passing_ids = restrictions.filter(passed).values("pk")
    return restrictions.exclude(pk__in=passing_ids)


def failed_page_restrictions(user):
    return _failed(PageViewRestriction.objects.all(), user)


def branch_paths(failed, prefix):
    """Paths of the failed restrictions whose page/collection has children, without
    those below another one (the site search excludes these subtrees too)."""
    return _outermost(
        failed.filter(**{f"{prefix}__numchild__gt": 0}).values_list(f"{prefix}__path", flat=True)
    )


def _outermost(paths):
    branches = sorted(set(paths))
    kept = []
    for path in branches:
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def _hidden(user):
    """What ``user``'s audience may not see, read in one query and kept per audience:
    ``{"branches": [...], "collections": [...]}``, the ``branch_paths`` of the page
    restrictions they fail and the ids of the collections at or below a collection
    restriction they fail."""

    def compute():
        branches = (
            failed_page_restrictions(user)
            .filter(page__numchild__gt=0)
            .annotate(kind=Value("branches", output_field=CharField()), value=F("page__path"))
            .values_list("kind", "value")
            .order_by()
        )
        failed = failed_collection_restrictions(user).filter(
            collection__path=Substr(OuterRef("path"), 1, F("collection__depth") * 4)
        )
        collections = (
            Collection.objects.filter(Exists(failed))
            .annotate(
                kind=Value("collections", output_field=CharField()),
                value=Cast("pk", output_field=CharField()),
            )
            .values_list("kind", "value")
            .order_by()
        )
        found = {"branches": [], "collections": []}
        for kind, value in branches.union(collections, all=True):
            found[kind].append(value)
        return {
            "branches": _outermost(found["branches"]),
            "collections": sorted(int(pk) for pk in found["collections"]),
        }

    return kept_for_audience("privacy:hidden", audience(user), compute)


def failed_page_branches(user):
    """``branch_paths`` of the page restrictions ``user`` fails, kept per audience."""
    return _hidden(user)["branches"]


def _below_any(paths, fields):
    """A condition: one of ``fields`` lies at or below one of ``paths``.

    Treebeard paths are fixed-width steps, so "below ``path``" is "starts with
    ``path``": one ``IN`` per distinct path length over the field's prefix of that
    length. The database looks each row up in a set instead of testing one ``LIKE`` per
    failed branch (50 working-group spaces made that the cost of every listing)."""

    by_length = {}
    for path in paths:
        by_length.setdefault(len(path), []).append(path)
    condition = Q()
    for field in fields:
        # A missing related path (a page that is no alias) is never below anything.
        below = Q()
        for length, same in sorted(by_length.items()):
            below |= Q(In(Substr(field, 1, length), same))
        condition |= Q(**{f"{field}__isnull": False}) & below
    return condition


def _exclude_below(queryset, failed, path_field, prefix, also=(), kept=None):
    """Drop rows whose ``path_field`` (or one of the path fields in ``also``, e.g. the
    path of the page an alias copies) lies at or below a failed restriction's path.
    ``kept``: the failed restrictions' branch paths when already known."""
    fields = [path_field, *also]
    inner_path = f"{prefix}__path"
    # Restrictions on pages/collections without children: exact match, one subquery.
    exact = failed.values(inner_path)
    for field in fields:
        queryset = queryset.exclude(**{f"{field}__in": exact})
    if kept is None:
        kept = branch_paths(failed, prefix)
    if not kept:
        return queryset
    if len(kept) <= _MAX_PREFIXES:
        return queryset.exclude(_below_any(kept, fields))
    # Very many branches: compare each ancestor path, constant query size.
    for field in fields:
        queryset = queryset.exclude(
            Exists(
                failed.filter(**{f"{prefix}__numchild__gt": 0}).filter(
                    **{inner_path: Substr(OuterRef(field), 1, F(f"{prefix}__depth") * 4)}
                )
            )
        )
    return queryset


def viewable_pages(user, queryset=None):
    """Pages (live or not) this user may open on the site, as a queryset."""
    if queryset is None:
        queryset = Page.objects.all()
    # An alias shows its source's content: it is hidden wherever the source is.
    return _exclude_below(
        queryset,
        failed_page_restrictions(user),
        "path",
        "page",
        also=["alias_of__path"],
        kept=failed_page_branches(user),
    )


def can_view_page(user, page):
    return viewable_pages(user, Page.objects.filter(pk=page.pk)).exists()


def failed_collection_restrictions(user):
    return _failed(CollectionViewRestriction.objects.all(), user)


def hidden_collection_ids(user):
    """Ids of the collections at or below a collection restriction the user fails
    (kept per audience)."""
    return _hidden(user)["collections"]


def _exclude_hidden_collections(queryset, user):
    """By collection id, not by collection path: Wagtail's admin choosers run
    ``.search()`` on these querysets, and the search backends can only filter on
    declared filter fields (``collection_id``), not on a related path."""
    hidden = hidden_collection_ids(user)
    return queryset.exclude(collection_id__in=hidden) if hidden else queryset


def viewable_documents(user, queryset=None):
    """Documents this user may download: public collections plus the user's own spaces."""

    if queryset is None:
        queryset = get_document_model().objects.all()
    queryset = queryset.filter(trashed_at__isnull=True)
    return _exclude_hidden_collections(queryset, user)


def can_view_document(user, document):
    return viewable_documents(user, type(document).objects.filter(pk=document.pk)).exists()


def viewable_images(user, queryset=None):
    """Images this user may see. Images in restricted collections follow the same rule
    as documents, although Wagtail itself does not apply collection privacy to images."""

    if queryset is None:
        queryset = get_image_model().objects.all()
    return _exclude_hidden_collections(queryset, user)
