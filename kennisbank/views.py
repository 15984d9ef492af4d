"""What the kennisbank's pages show besides their own fields. Every list of pages,
documents or tips goes through ``access.privacy`` first."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, CharField, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from access.privacy import request_audience, viewable_documents, viewable_pages
from core.cache import kept_for_audience
from core.models import PortalDocument

from . import facet_counts
from .importer.parser import tel_href
from .listing import (
    SLUG,
    Listing,
    SubqueryCount,
    Term,
    clip,
    page_of,
    read_values,
    terms_for,
)
from .models import (
    EVIDENCE_CRITERIA,
    EvidenceLevel,
    KennisbankPage,
    MethodPage,
    MethodType,
    Organisation,
    PracticePage,
    PracticeTip,
    TargetGroup,
    Theme,
)

RELATED_LIMIT = 5
METHOD_PRACTICES_SHOWN = 10
TIPS_PER_PAGE = 30
DIRECTORY_PER_PAGE = 40
DIRECTORY_THEMES = 3


def listing_context(request, index):
    return for_audience(
        request, index, "listing", lambda: Listing(request, index).context(), by_query=True
    )


def visible(request, queryset):
    """Live pages of ``queryset`` this visitor may open."""
    return viewable_pages(request.user, queryset.live())


def evidence_levels():
    return [
        {"value": value, "label": label, "criteria": EVIDENCE_CRITERIA[value]}
        for value, label in EvidenceLevel.choices
    ]


PAGE_TERMS = (
    ("themes", Theme, "kennisbank_pages"),
    ("target_groups", TargetGroup, "kennisbank_pages"),
    ("method_types", MethodType, "kennisbank_pages"),
    ("used_by", Organisation, "kennisbank_pages_used"),
)


def page_terms(request, page):
    """The page's themes, target groups, method types and partners, in one query (a
    UNION). A preview shows the unsaved choices, which only the page object holds."""
    if getattr(request, "is_preview", False):
        return {key: list(getattr(page, key).all()) for key, _model, _rel in PAGE_TERMS}
    parts = [
        model.objects.filter(**{relation: page.pk})
        .annotate(term_list=Value(key, output_field=CharField()))
        .values_list("term_list", "pk", "slug", "name")
        .order_by()
        for key, model, relation in PAGE_TERMS
    ]
    terms = {key: [] for key, _model, _rel in PAGE_TERMS}
    for kind, pk, slug, name in parts[0].union(*parts[1:], all=True):
        terms[kind].append(Term(pk, slug, name))
    for values in terms.values():
        values.sort(key=lambda term: term.name.casefold())
    return terms


def related_pages(request, page, *, exclude=(), limit=RELATED_LIMIT):
    """Other methods and practices of the same kennisbank, best first (see
    ``linked_and_related``), leaving out the pages in ``exclude``."""
    theme_ids = [theme.pk for theme in page.themes.all()]
    method_ids = [m.pk for m in page.methods.all()] if isinstance(page, PracticePage) else []
    _linked, related = linked_and_related(
        request, page, theme_ids=theme_ids, method_ids=method_ids, linked_ids=exclude, limit=limit
    )
    return related


def relatedness(theme_ids, method_ids):
    """Score of a candidate page: two per shared method, one per shared theme."""
    score = Value(0, output_field=IntegerField())
    # An empty IN () would make the whole query empty: leave such a part out.
    if theme_ids:
        score = score + SubqueryCount(
            KennisbankPage.themes.through.objects.filter(
                kennisbankpage_id=OuterRef("pk"), theme_id__in=theme_ids
            ).values("pk")
        )
    if method_ids:
        score = score + 2 * SubqueryCount(
            PracticePage.methods.through.objects.filter(
                practicepage_id=OuterRef("pk"), methodpage_id__in=method_ids
            ).values("pk")
        )
    return score


def mark_kinds(pages):
    practice_type = ContentType.objects.get_for_model(PracticePage)
    for item in pages:
        item.is_practice = item.content_type_id == practice_type.pk
    return pages


def linked_and_related(request, page, *, theme_ids, method_ids, linked_ids, limit=RELATED_LIMIT):
    """In one query: the visible pages in ``linked_ids`` (the methods a practice uses:
    a handful), and up to ``limit`` other related pages of the same kennisbank, best
    first (see ``relatedness``)."""
    linked_ids = list(linked_ids)
    if not theme_ids and not method_ids and not linked_ids:
        return [], []
    is_linked = (
        Case(When(pk__in=linked_ids, then=1), default=0, output_field=IntegerField())
        if linked_ids
        else Value(0, output_field=IntegerField())
    )
    wanted = Q(score__gt=0) | Q(pk__in=linked_ids) if linked_ids else Q(score__gt=0)
    rows = mark_kinds(
        list(
            visible(request, KennisbankPage.objects.sibling_of(page, inclusive=False))
            .annotate(score=relatedness(theme_ids, method_ids), is_linked=is_linked)
            .filter(wanted)
            .select_related("practicepage__organisation")
            .order_by("-is_linked", "-score", "-first_published_at", "path")[
                : len(linked_ids) + limit
            ]
        )
    )
    linked = sorted((r for r in rows if r.is_linked), key=lambda r: r.title.casefold())
    related = [r for r in rows if not r.is_linked][:limit]
    return linked, related


# Listings are kept per query string only up to this length (longer ones are junk).
KEPT_QUERY_LENGTH = 300


def for_audience(request, page, name, compute, *, by_query=False):
    """``compute()``, kept per page, audience and content version
    (``core.cache.kept_for_audience``): what a kennisbank page shows besides its own fields
    depends on the content and on what the visitor may see, nothing else. A preview
    shows unsaved choices and is never kept.

    ``by_query``: for the index's listings, whose context also depends on the query
    string (filters, sort, page) and the interface language. Kept only when the query
    string had nothing to note (no junk kept), and its page of results must be
    ``detached``."""
    if getattr(request, "is_preview", False) or not page.pk:
        return compute()
    name = f"kennisbank:{name}"
    who = request_audience(request)
    key = (request.get_host(), page.pk)
    if not by_query:
        return kept_for_audience(name, who, compute, key=key)
    query = request.META.get("QUERY_STRING", "")
    if len(query) > KEPT_QUERY_LENGTH:
        return compute()
    key += (
        translation.get_language(),
        tuple((k, tuple(v)) for k, v in sorted(request.GET.lists())),
    )
    return kept_for_audience(
        name, who, lambda: _detach(compute()), key=key, keep=lambda context: not context["notes"]
    )


def _detach(context):
    """The context with its page of results fit to be kept: the rows as a list, the
    paginator without its queryset (its count and number of pages are known by then;
    pickling the queryset would read every row)."""
    page_obj = context["page_obj"]
    page_obj.object_list = list(page_obj.object_list)
    paginator = page_obj.paginator
    paginator.__dict__.update(count=paginator.count, num_pages=paginator.num_pages)
    paginator.object_list = ()
    return context


def practice_context(request, page):
    def compute():
        terms = page_terms(request, page)
        method_ids = [m.pk for m in page.methods.all()]
        methods, related = linked_and_related(
            request,
            page,
            theme_ids=[t.pk for t in terms["themes"]],
            method_ids=method_ids,
            linked_ids=method_ids,
        )
        # One query: the attachments' documents this visitor may download.
        if getattr(request, "is_preview", False):
            attached = [attachment.document_id for attachment in page.attachments.all()]
        else:
            attached = page.attachments.values("document_id")
        documents = viewable_documents(request.user, PortalDocument.objects.filter(pk__in=attached))
        return {
            "terms": terms,
            "related": related,
            "methods": methods,
            "attachments": list(documents.order_by(Lower("title"))),
        }

    return {
        **for_audience(request, page, "practice", compute),
        "evidence_levels": evidence_levels(),
        "contact_tel": tel_href(page.contact_phone),
    }


def method_context(request, page):
    """The practices that use this method (the first ``METHOD_PRACTICES_SHOWN``, with a
    link to all of them in the filtered index) and related pages. The visibility
    check runs once; both lists are one query each, kept per audience."""
    return {
        **for_audience(request, page, "method", lambda: _method_lists(request, page)),
        "evidence_levels": evidence_levels(),
    }


def _method_lists(request, page):
    terms = page_terms(request, page)
    base = visible(request, KennisbankPage.objects.sibling_of(page, inclusive=False))
    using = PracticePage.methods.through.objects.filter(methodpage_id=page.pk or 0).values(
        "practicepage_id"
    )
    practices = list(
        base.filter(pk__in=using)
        .select_related("practicepage__organisation")
        .order_by(Lower("title"), "path")[: METHOD_PRACTICES_SHOWN + 1]
    )
    # One row more than shown tells whether there are more, without a COUNT query.
    more = len(practices) > METHOD_PRACTICES_SHOWN
    practices = practices[:METHOD_PRACTICES_SHOWN]
    theme_ids = [t.pk for t in terms["themes"]]
    related = []
    if theme_ids:
        related = mark_kinds(
            list(
                base.exclude(pk__in=using)
                .annotate(score=relatedness(theme_ids, []))
                .filter(score__gt=0)
                .select_related("practicepage")
                .order_by("-score", "-first_published_at", "path")[:RELATED_LIMIT]
            )
        )
    url = page.get_url(request) or ""
    return {
        "terms": terms,
        "related": related,
        "practices": mark_kinds(practices),
        "more_practices": more,
        # The index is the parent: its URL is this page's without the last segment.
        "all_practices_url": f"{url[: -len(page.slug) - 1]}?methode={page.slug}"
        if url.endswith(f"{page.slug}/")
        else "",
    }


def tips_context(request, index):
    """Every tip of every visible practice under ``index``, optionally for one or
    more themes, each linking back to its practice."""
    notes = []
    themes = list(terms_for(Theme, index.locale))
    known = {theme.slug for theme in themes}
    chosen = []
    for param in request.GET:
        if param not in ("thema", "page", "eenvoudig"):
            notes.append(_("Onbekende filter '%s' is genegeerd.") % clip(param))
    for value in read_values(request, "thema", notes):
        if SLUG.match(value) and value in known:
            chosen.append(value)
        else:
            notes.append(_("Thema '%s' bestaat niet; die filter is genegeerd.") % clip(value))
    practices = visible(request, PracticePage.objects.child_of(index))
    if chosen:
        practices = practices.filter(
            pk__in=KennisbankPage.themes.through.objects.filter(theme__slug__in=chosen).values(
                "kennisbankpage_id"
            )
        )
    tips = (
        PracticeTip.objects.filter(page__in=practices.values("pk"))
        .select_related("page")
        .order_by(Lower("page__title"), "page_id", "sort_order", "pk")
    )
    page_obj = page_of(Paginator(tips, TIPS_PER_PAGE), request, notes)
    groups = []
    for tip in page_obj.object_list:
        if groups and groups[-1]["practice"].pk == tip.page_id:
            groups[-1]["tips"].append(tip)
        else:
            groups.append({"practice": tip.page, "tips": [tip]})
    theme_options = [
        {"value": t.slug, "label": t.name, "selected": t.slug in chosen} for t in themes
    ]
    return {
        "tip_groups": groups,
        "page_obj": page_obj,
        "theme_options": theme_options,
        "chosen_themes": [t for t in themes if t.slug in chosen],
        "notes": notes,
        "query": "&".join(f"thema={slug}" for slug in chosen),
        "tip_count": page_obj.paginator.count,
    }


def directory_context(request, index):
    """ "Wie is wie": the partner organisations, formal ones first, a page at a time,
    each with its offer and contact, how many visible methods and practices it offers
    or uses and its main themes, linking to the index filtered on it. Three queries
    after the visibility check (the page of organisations, their count, and what they
    do), however many partners and pages there are."""
    organisations = terms_for(Organisation, index.locale).order_by(
        Case(When(kind=Organisation.Kind.FORMAL, then=0), default=1), Lower("name"), "pk"
    )
    notes = []
    page_obj = page_of(Paginator(organisations, DIRECTORY_PER_PAGE), request, notes)
    pages = visible(request, KennisbankPage.objects.child_of(index))
    page_list = list(page_obj.object_list)
    counts, themes = facet_counts.organisation_summary(pages, sorted({o.slug for o in page_list}))
    method_type = ContentType.objects.get_for_model(MethodPage).pk
    practice_type = ContentType.objects.get_for_model(PracticePage).pk
    index_url = index.get_url(request) or ""
    entries = []
    for organisation in page_list:
        mine = counts.get(organisation.slug, {})
        filtered = f"{index_url}?{urlencode({'organisatie': organisation.slug})}"
        entries.append(
            {
                "organisation": organisation,
                "tel": tel_href(organisation.phone),
                "method_count": mine.get(method_type, 0),
                "practice_count": mine.get(practice_type, 0),
                "methods_url": f"{filtered}&type=methode",
                "practices_url": f"{filtered}&type=praktijk",
                # Its main themes: where it is active, one click from those pages.
                "themes": [
                    {"name": name, "count": n, "url": f"{filtered}&{urlencode({'thema': slug})}"}
                    for slug, name, n in sorted(
                        themes.get(organisation.slug, []), key=lambda t: (-t[2], t[1].casefold())
                    )[:DIRECTORY_THEMES]
                ],
            }
        )
    formal = [e for e in entries if e["organisation"].kind == Organisation.Kind.FORMAL]
    informal = [e for e in entries if e["organisation"].kind != Organisation.Kind.FORMAL]
    return {
        "entries": entries,
        "page_obj": page_obj,
        "notes": notes,
        # Names of contact persons are for members of the network, not for the web.
        "show_contacts": request.user.is_authenticated,
        "directory_groups": [
            {"title": _("Formele partners"), "entries": formal},
            {"title": _("Informele partners"), "entries": informal},
        ],
    }
