"""The faceted listing of the kennisbank index.

Filters live in the query string (``?thema=toegang&thema=samenwerking&gemeente=Boom``)
so a filtered view can be bookmarked. Values within one facet are OR-ed, facets are
AND-ed. Counts are "disjunctive": each facet counts with every filter except its own,
so a reader sees how many results a further choice in that facet would add.

Every query parameter is checked; anything unknown or malformed is dropped with a
note for the reader (never an error). The number of queries does not depend on the
number of pages or terms: one for the terms of every facet, one for the counts of
every facet (``kennisbank.facet_counts``; the type facet's counts also give the
total), one for the page of results and one for their themes, and one more when the
address names a municipality (to check it first). Without filters the counts come from
the cache (see ``Listing.counts``).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, Paginator
from django.db.models import CharField, Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Lower
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from access.privacy import request_audience, viewable_pages
from core.cache import kept_for_audience

from . import facet_counts
from .models import (
    KennisbankPage,
    MethodPage,
    MethodType,
    Organisation,
    PracticePage,
    TargetGroup,
    Theme,
)

PER_PAGE = 12
MAX_VALUES_PER_PARAM = 20
MAX_VALUE_LENGTH = 100
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")

SORTS = {"nieuw": gettext_lazy("Nieuwste eerst"), "az": gettext_lazy("A tot Z")}
DEFAULT_SORT = "nieuw"
KINDS = {
    "methode": (MethodPage, gettext_lazy("Methode")),
    "praktijk": (PracticePage, gettext_lazy("Praktijkvoorbeeld")),
}
# Parameters other parts of the site add; accepted without a note.
PASSIVE_PARAMS = {"eenvoudig"}
ALL_MUNICIPALITIES = "gemeente:alle"  # a count group name, never a parameter


class SubqueryCount(Subquery):
    """COUNT(*) of a subquery, usable as an annotation on every database."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)
    show_counts: bool = True

    @property
    def visible_options(self):
        return [o for o in self.options if o.count or o.selected]


@dataclass
class TermFacet:
    """A facet over snippet terms (themes, target groups, method types, organisations)."""

    param: str
    label: str
    model: type
    relation: str = ""  # the KennisbankPage m2m field; empty for organisations

    def filter(self, slugs):
        """Pages with any of these terms (a subquery: no duplicate rows)."""
        if self.relation:
            field = KennisbankPage._meta.get_field(self.relation)
            target = field.m2m_reverse_field_name()
            return Q(
                pk__in=field.remote_field.through.objects.filter(
                    **{f"{target}__slug__in": slugs}
                ).values("kennisbankpage_id")
            )
        # An organisation: the practices it offers and the pages it uses.
        return Q(practicepage__organisation__slug__in=slugs) | Q(
            pk__in=KennisbankPage.used_by.through.objects.filter(
                organisation__slug__in=slugs
            ).values("kennisbankpage_id")
        )


TERM_FACETS = [
    TermFacet("thema", gettext_lazy("Thema"), Theme, "themes"),
    TermFacet("doelgroep", gettext_lazy("Doelgroep"), TargetGroup, "target_groups"),
    TermFacet("soort", gettext_lazy("Soort methode"), MethodType, "method_types"),
    TermFacet("organisatie", gettext_lazy("Organisatie"), Organisation),
]
ALL_PARAMS = {
    *(f.param for f in TERM_FACETS),
    "methode",
    "gemeente",
    "type",
    "sorteer",
    "page",
}


@dataclass
class Term:
    pk: int
    slug: str
    name: str


def is_default_locale(locale):
    return locale.language_code == get_supported_content_language_variant(settings.LANGUAGE_CODE)


def terms_for(model, locale):
    """The terms of ``model`` in ``locale``, or in the default locale when the
    taxonomy has not been translated yet."""
    terms = model.objects.filter(locale=locale)
    if not is_default_locale(locale) and not terms.exists():
        terms = model.objects.filter(locale=Locale.get_default())
    return terms


def load_terms(locale):
    """The terms of every facet, {param: [Term]}, in one query (a UNION)."""

    def union(for_locale):
        parts = [
            facet.model.objects.filter(**for_locale)
            .annotate(facet_param=Value(facet.param, output_field=CharField()))
            .values_list("facet_param", "pk", "slug", "name")
            .order_by()
            for facet in TERM_FACETS
        ]
        return list(parts[0].union(*parts[1:], all=True))

    terms = {facet.param: [] for facet in TERM_FACETS}
    for param, pk, slug, name in union({"locale": locale}):
        terms[param].append(Term(pk, slug, name))
    if not is_default_locale(locale) and not all(terms.values()):
        # Untranslated taxonomies: fall back to the source language's terms.
        for param, pk, slug, name in union({"locale__language_code": settings.LANGUAGE_CODE}):
            if not any(t.pk == pk for t in terms[param]) and param in terms:
                terms[param].append(Term(pk, slug, name))
    for values in terms.values():
        values.sort(key=lambda term: term.name.casefold())
    return terms


def clip(value):
    value = str(value)
    return value if len(value) <= 40 else value[:40] + "…"


def read_values(request, param, notes):
    """The distinct, sane values of a parameter (repeated parameters allowed)."""
    values = []
    for raw in request.GET.getlist(param)[:MAX_VALUES_PER_PARAM]:
        value = raw.strip()
        if not value:
            continue
        if len(value) > MAX_VALUE_LENGTH:
            notes.append(_("Een te lange waarde voor '%s' is genegeerd.") % param)
            continue
        if value not in values:
            values.append(value)
    if len(request.GET.getlist(param)) > MAX_VALUES_PER_PARAM:
        notes.append(_("Te veel waarden voor '%s': alleen de eerste zijn gebruikt.") % param)
    return values


class Listing:
    """Reads the request, builds the facets and the page of results."""

    def __init__(self, request, index):
        self.request = request
        self.index = index
        self.notes = []
        self.locale = index.locale
        self.base = viewable_pages(
            request.user, KennisbankPage.objects.live().child_of(index)
        ).order_by()
        self.filters = {}  # param -> Q
        self.selected = {}  # param -> [values]
        self._read_params()

    # --- Parameters ---------------------------------------------------------------

    def _read_params(self):
        request = self.request
        for param in request.GET:
            if param not in ALL_PARAMS and param not in PASSIVE_PARAMS:
                self.notes.append(_("Onbekende filter '%s' is genegeerd.") % clip(param))
        self.terms = load_terms(self.locale)
        for facet in TERM_FACETS:
            known = {term.slug for term in self.terms[facet.param]}
            chosen = []
            for value in read_values(request, facet.param, self.notes):
                if SLUG.match(value) and value in known:
                    chosen.append(value)
                else:
                    self.notes.append(
                        _("%(facet)s '%(value)s' bestaat niet; die filter is genegeerd.")
                        % {"facet": facet.label, "value": clip(value)}
                    )
            if chosen:
                self.selected[facet.param] = chosen
                self.filters[facet.param] = facet.filter(chosen)

        # "Practices using method X" (the link under a method page's list of
        # practices): checked against the visible methods, only when asked for.
        self.method_facet = None
        wanted = read_values(request, "methode", self.notes)
        if wanted:
            rows = self.base.filter(
                content_type=ContentType.objects.get_for_model(MethodPage),
                slug__in=[v for v in wanted if SLUG.match(v)],
            ).values_list("slug", "pk", "title")
            found = {slug: pk for slug, pk, _title in rows}
            titles = {pk: title for _slug, pk, title in rows}
            for value in wanted:
                if value not in found:
                    self.notes.append(
                        _("Methode '%s' bestaat niet; die filter is genegeerd.") % clip(value)
                    )
            chosen = [v for v in wanted if v in found]
            if chosen:
                self.selected["methode"] = chosen
                self.filters["methode"] = Q(
                    pk__in=PracticePage.methods.through.objects.filter(
                        methodpage_id__in=[found[v] for v in chosen]
                    ).values("practicepage_id")
                )
                self.method_facet = Facet(
                    "methode",
                    _("Methode"),
                    [Option(v, titles.get(found[v], v), 0, True) for v in chosen],
                    show_counts=False,
                )

        # Municipalities are checked once their facet is known (see municipality_facet).
        self.wanted_municipalities = read_values(request, "gemeente", self.notes)

        kinds = []
        for value in read_values(request, "type", self.notes):
            if value in KINDS:
                kinds.append(value)
            else:
                self.notes.append(
                    _("Type '%s' bestaat niet; die filter is genegeerd.") % clip(value)
                )
        if kinds:
            self.selected["type"] = kinds
            self.filters["type"] = Q(
                content_type__in=[ContentType.objects.get_for_model(KINDS[k][0]) for k in kinds]
            )

        sort = request.GET.get("sorteer", DEFAULT_SORT)
        if sort not in SORTS:
            self.notes.append(_("Onbekende sortering '%s'; nieuwste eerst.") % clip(sort))
            sort = DEFAULT_SORT
        self.sort = sort

    def subset(self, *, without=None, base=None):
        """The visible pages matching every filter except ``without`` (among ``base``
        when given, by default the visible pages)."""
        queryset = self.base if base is None else base
        for param, condition in self.filters.items():
            if param != without:
                queryset = queryset.filter(condition)
        return queryset

    # --- Facets ---------------------------------------------------------------------

    def counts(self):
        """``(municipalities, terms)``: ``{name: n}`` of every municipality of the
        visible practices (counted under the other filters; also what a ``gemeente``
        value is checked against), and ``{(param, term): n}`` of the term facets and
        the type facet, in one query (see ``kennisbank.facet_counts``; a second one
        first when the address asks for a municipality, to check it).

        Without filters (any page, any sort) the counts are the same for everyone who
        may see the same pages: they are cached per audience under the content
        version, so they are never stale and never shown to someone who sees less."""
        if not self.filters and not self.wanted_municipalities:
            return kept_for_audience(
                "kennisbank:facets",
                request_audience(self.request),
                self._count,
                key=(self.index.pk,),
            )
        return self._count()

    def _count(self):
        municipalities = None
        if self.wanted_municipalities:
            municipalities = self._municipality_counts()
            self._choose_municipalities(municipalities)
        counted = [
            *((f.param, f) for f in TERM_FACETS if self.terms[f.param]),
            (facet_counts.TYPE_FACET, facet_counts.TYPE_FACET),
        ]
        if municipalities is None:
            counted.append(("gemeente", facet_counts.MUNICIPALITY_FACET))
        groups = {}  # the facet whose own filter is left out (None: all filters) -> facets
        for param, facet in counted:
            groups.setdefault(param if param in self.filters else None, []).append((param, facet))
        if municipalities is None and self.filters:
            # Every municipality of the visible practices, whatever the filters.
            groups["all municipalities"] = [(ALL_MUNICIPALITIES, facet_counts.MUNICIPALITY_FACET)]
        # The visible pages are evaluated once; every subset reads them.
        visible = facet_counts.within_visible(KennisbankPage.objects.all())
        terms = facet_counts.count(
            [
                (
                    visible
                    if own == "all municipalities"
                    else self.subset(without=own, base=visible),
                    facets,
                )
                for own, facets in groups.items()
            ],
            visible=self.base,
        )
        if municipalities is None:
            source = ALL_MUNICIPALITIES if self.filters else "gemeente"
            names = sorted((t for f, t in terms if f == source), key=str.casefold)
            municipalities = {name: terms.get(("gemeente", name), 0) for name in names}
        return municipalities, terms

    def term_facets(self, counts):
        facets = []
        for facet in TERM_FACETS:
            selected = self.selected.get(facet.param, [])
            options = [
                Option(t.slug, t.name, counts.get((facet.param, t.slug), 0), t.slug in selected)
                for t in self.terms[facet.param]
            ]
            facets.append(Facet(facet.param, facet.label, options))
        return facets

    def _municipality_counts(self):
        """Only when the address names municipalities: they are checked against this
        list before the other counts, which must respect the chosen ones."""
        count = Count("pk")
        if self.filters:  # the municipality filter itself is not set yet
            count = Count("pk", filter=Q(pk__in=self.subset().values("pk")))
        rows = (
            self.base.filter(practicepage__municipality__gt="")
            .values("practicepage__municipality")
            .annotate(n=count)
            .order_by(Lower("practicepage__municipality"))
        )
        return {row["practicepage__municipality"]: row["n"] for row in rows}

    def _choose_municipalities(self, municipalities):
        by_key = {name.casefold(): name for name in municipalities}
        chosen = []
        for value in self.wanted_municipalities:
            name = by_key.get(value.casefold())
            if name:
                chosen.append(name)
            else:
                self.notes.append(
                    _("Gemeente '%s' komt niet voor; die filter is genegeerd.") % clip(value)
                )
        if chosen:
            self.selected["gemeente"] = chosen
            self.filters["gemeente"] = Q(practicepage__municipality__in=chosen)

    def municipality_facet(self, municipalities):
        chosen = self.selected.get("gemeente", [])
        return Facet(
            "gemeente",
            _("Gemeente"),
            [Option(name, name, n, name in chosen) for name, n in municipalities.items()],
        )

    def type_facet(self, counts):
        selected = self.selected.get("type", [])
        options = []
        for value, (model, label) in KINDS.items():
            content_type = ContentType.objects.get_for_model(model)
            n = counts.get((facet_counts.TYPE_FACET, str(content_type.pk)), 0)
            options.append(Option(value, label, n, value in selected))
        return Facet("type", _("Soort inhoud"), options)

    # --- Results --------------------------------------------------------------------

    def query_string(self, *, with_sort=True):
        """The validated filters as a query string (junk never travels on)."""
        pairs = []
        for param in [f.param for f in TERM_FACETS] + ["methode", "gemeente", "type"]:
            pairs += [(param, value) for value in self.selected.get(param, [])]
        if with_sort and self.sort != DEFAULT_SORT:
            pairs.append(("sorteer", self.sort))
        return urlencode(pairs)

    def _without(self, facet, option):
        values = self.selected[facet.param]
        self.selected[facet.param] = [v for v in values if v != option.value]
        try:
            return self.query_string()
        finally:
            self.selected[facet.param] = values

    def context(self):
        municipalities, counts = self.counts()
        facets = [*self.term_facets(counts), self.municipality_facet(municipalities)]
        if self.method_facet:
            facets.insert(0, self.method_facet)
        kind = self.type_facet(counts)
        facets.append(kind)
        # The type facet counts every filter but the type: its counts add up to the
        # total, so no separate COUNT query is needed.
        selected_kinds = self.selected.get("type")
        total = sum(o.count for o in kind.options if not selected_kinds or o.selected)

        results = self.subset().select_related("practicepage__organisation", "locale")
        if self.sort == "az":
            results = results.order_by(Lower("title"), "path")
        else:
            results = results.order_by("-first_published_at", "path")
        paginator = Paginator(results.prefetch_related("themes"), PER_PAGE)
        paginator.__dict__["count"] = total  # known already; saves a COUNT(*)
        page_obj = page_of(paginator, self.request, self.notes)
        practice_type = ContentType.objects.get_for_model(PracticePage)
        items = list(page_obj.object_list)
        for item in items:
            item.is_practice = item.content_type_id == practice_type.pk
            item.practice = item.practicepage if item.is_practice else None
        active = [
            {"facet": facet, "option": option, "remove_query": self._without(facet, option)}
            for facet in facets
            for option in facet.options
            if option.selected
        ]
        return {
            "facets": facets,
            "active_filters": active,
            "items": items,
            "page_obj": page_obj,
            "total": total,
            "notes": self.notes,
            "sort": self.sort,
            "sorts": SORTS,
            "query": self.query_string(),
            "filter_query": self.query_string(with_sort=False),
            "filtered": bool(active),
        }


def page_of(paginator, request, notes):
    """The page the ``page`` parameter asks for; page 1 or the last page (with a note
    in ``notes``) when it is malformed or past the end."""
    raw = request.GET.get("page", "1")
    if re.fullmatch(r"[0-9]{1,9}", raw) and int(raw) >= 1:
        number = int(raw)
    else:
        notes.append(_("Paginanummer '%s' bestaat niet; pagina 1 getoond.") % clip(raw))
        number = 1
    try:
        return paginator.page(number)
    except EmptyPage:
        notes.append(
            _("Er zijn maar %(last)s pagina's; de laatste wordt getoond.")
            % {"last": paginator.num_pages}
        )
        return paginator.page(paginator.num_pages)
