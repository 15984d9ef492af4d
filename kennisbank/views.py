"""What the kennisbank's pages show besides their own fields. Every list of pages,
documents or tips goes through ``portal.privacy`` first."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, Paginator
from django.db.models import IntegerField, OuterRef, Prefetch, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from portal.models import PortalDocument
from portal.privacy import viewable_documents, viewable_pages

from .importer.parser import tel_href
from .listing import SLUG, Listing, SubqueryCount, clip, read_values, terms_for
from .models import (
    EVIDENCE_CRITERIA,
    EvidenceLevel,
    KennisbankPage,
    MethodPage,
    Organisation,
    PracticePage,
    PracticeTip,
    Theme,
)

RELATED_LIMIT = 5
TIPS_PER_PAGE = 30


def listing_context(request, index):
    return Listing(request, index).context()


def visible(request, queryset):
    """Live pages of ``queryset`` this visitor may open."""
    return viewable_pages(request.user, queryset.live())


def evidence_levels():
    return [
        {"value": value, "label": label, "criteria": EVIDENCE_CRITERIA[value]}
        for value, label in EvidenceLevel.choices
    ]


def related_pages(request, page, *, exclude=(), limit=RELATED_LIMIT):
    """Other methods and practices of the same kennisbank, best first: every shared
    method counts two, every shared theme one. Pages the page already lists (its
    methods, or the practices using a method) are left out. One query."""
    theme_ids = [theme.pk for theme in page.themes.all()]
    method_ids = [m.pk for m in page.methods.all()] if isinstance(page, PracticePage) else []
    if not theme_ids and not method_ids:
        return []
    # An empty IN () would make the whole query empty: leave such a part out.
    score = Value(0, output_field=IntegerField())
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
    candidates = (
        visible(request, KennisbankPage.objects.sibling_of(page, inclusive=False))
        .exclude(pk__in=list(exclude))
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "-first_published_at", "path")
    )
    practice_type = ContentType.objects.get_for_model(PracticePage)
    related = list(candidates.select_related("practicepage")[:limit])
    for item in related:
        item.is_practice = item.content_type_id == practice_type.pk
    return related


def practice_context(request, page):
    methods = list(visible(request, page.methods.all()).order_by(Lower("title")))
    documents = viewable_documents(
        request.user,
        PortalDocument.objects.filter(pk__in=page.attachments.values("document_id")),
    )
    return {
        "evidence_levels": evidence_levels(),
        "related": related_pages(request, page, exclude=[m.pk for m in page.methods.all()]),
        "methods": methods,
        "attachments": list(documents.order_by(Lower("title"))),
        "contact_tel": tel_href(page.contact_phone),
    }


def method_context(request, page):
    practices = visible(request, PracticePage.objects.filter(methods=page)).select_related(
        "organisation"
    )
    practices = list(practices.order_by(Lower("title")))
    return {
        "evidence_levels": evidence_levels(),
        "related": related_pages(request, page, exclude=[p.pk for p in practices]),
        "practices": practices,
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
    paginator = Paginator(tips, TIPS_PER_PAGE)
    raw = request.GET.get("page", "1")
    if re.fullmatch(r"[0-9]{1,9}", raw) and int(raw) >= 1:
        number = int(raw)
    else:
        notes.append(_("Paginanummer '%s' bestaat niet; pagina 1 getoond.") % clip(raw))
        number = 1
    try:
        page_obj = paginator.page(number)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
        notes.append(
            _("Er zijn maar %(last)s pagina's; de laatste wordt getoond.")
            % {"last": paginator.num_pages}
        )
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
        "tip_count": paginator.count,
    }


def directory_context(request, index):
    """ "Wie is wie": every partner organisation with its offer and contact, and the
    visible methods and practices it offers or uses."""
    pages = visible(request, KennisbankPage.objects.child_of(index)).order_by(Lower("title"))
    practices = visible(request, PracticePage.objects.child_of(index)).order_by(Lower("title"))
    organisations = terms_for(Organisation, index.locale).prefetch_related(
        Prefetch("kennisbank_pages_used", queryset=pages, to_attr="pages_used"),
        Prefetch("practices", queryset=practices, to_attr="practices_offered"),
    )
    method_type = ContentType.objects.get_for_model(MethodPage).pk
    entries = []
    for organisation in organisations.order_by(Lower("name")):
        methods = [p for p in organisation.pages_used if p.content_type_id == method_type]
        seen = {p.pk for p in organisation.practices_offered}
        used_practices = [p for p in organisation.pages_used if p.content_type_id != method_type]
        entries.append(
            {
                "organisation": organisation,
                "tel": tel_href(organisation.phone),
                "methods": methods,
                "practices": organisation.practices_offered
                + [p for p in used_practices if p.pk not in seen],
            }
        )
    formal = [e for e in entries if e["organisation"].kind == Organisation.Kind.FORMAL]
    informal = [e for e in entries if e["organisation"].kind != Organisation.Kind.FORMAL]
    return {
        "entries": entries,
        # Names of contact persons are for members of the network, not for the web.
        "show_contacts": request.user.is_authenticated,
        "directory_groups": [
            {"title": _("Formele partners"), "entries": formal},
            {"title": _("Informele partners"), "entries": informal},
        ],
    }
