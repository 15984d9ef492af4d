"""One search, from request parameters to what the page (or the JSON) shows.

The same code runs for every engine: parse the query (stems, synonyms), ask the
engine for the count, one page of result groups, the facet counts and the rows of
those groups, then pick per group the version to show (the visitor's language, the
chosen reading level), build URLs, locations and escaped snippets. Everything
the engine returns is already limited to what the user may open.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from access.privacy import audience, viewable_pages
from core.cache import kept_for_audience, versioned

from . import facets as facet_defs
from . import query as query_module
from . import snippets, spelling, synonyms
from .engines import get_engine
from .engines.base import Spec

PAGE_SIZE = getattr(settings, "PORTAL_SEARCH_PAGE_SIZE", 10)
# Longer input is cut here (the parser uses the first 500 characters and says so).
MAX_RAW_CHARS = 2_000
MAX_PAGE = 1000
# Searches with at least this many results keep their counts and result pages under
# the content version (``_kept``). Their cost grows with the number of matching rows
# (SQLite, 10,000 practices: 18 ms at 230 results, 30 ms at 1,300, 88 ms at 11,800);
# keeping the cheap rare searches too would only crowd the cache (locmem keeps 300
# entries by default, shared with the page cache).
KEEP_FROM = 1000
ALL_LANGUAGES = "alle"


@dataclass
class Version:
    label: str
    url: str
    language: str


@dataclass
class Result:
    title: str
    title_html: str
    url: str
    kind: str
    kind_label: str
    language: str
    language_name: str
    reading_level: str
    date: object
    location: list
    snippet_html: str
    snippet: str
    score: float
    versions: list = field(default_factory=list)

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "type": self.kind,
            "type_label": self.kind_label,
            "language": self.language,
            "reading_level": self.reading_level,
            "date": self.date.isoformat() if self.date else None,
            "location": self.location,
            "snippet": self.snippet,
            "score": round(self.score, 6),
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetView:
    name: str
    label: str
    values: list


@dataclass
class Outcome:
    raw: str
    query: object
    results: list
    page_obj: object
    total: int
    facets: list
    filters: dict
    language: str
    all_languages: bool
    all_languages_count: int | None = None
    match_any: bool = False
    promotions: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    query_string: str = ""
    # The query with its misspelled words corrected (search.spelling), or None.
    did_you_mean: str | None = None
    # When the results are those of ``did_you_mean``: the query as typed.
    corrected_from: str | None = None


def _kept(what, engine, spec, compute, *extra, keep=None):
    """``compute()``, kept under the content version for this query, these filters and
    the user's audience (``access.privacy.audience``): two users with the same audience
    may open the same pages and documents, so they get the same counts and the same
    page of result groups. Any change that can alter who sees what (a restriction, a
    membership, a publication, a move, an index write) changes the version.
    ``keep(value)``: whether to keep it (see ``KEEP_FROM``)."""
    query = spec.query
    key = (
        engine.name,
        tuple(query.must),
        tuple(query.must_not),
        query.proximity,
        spec.match_any,
        tuple(sorted((name, tuple(values)) for name, values in spec.filters.items())),
        *extra,
    )
    return kept_for_audience(f"search:{what}", audience(spec.user), compute, key=key, keep=keep)


def summary(engine, spec, start, limit):
    """((total, facet counts, all-languages total), hits) of ``spec``. The summary is
    kept (``_kept``) when there are at least ``KEEP_FROM`` results. ``hits``: the
    result groups from ``start`` (at most ``limit``) when the engine ranked them with
    the summary, from the same reading of the matches; otherwise None."""
    computed = {}

    def compute():
        value, computed["hits"] = engine.summary_and_hits(spec, facet_defs.FACETS, start, limit)
        return value

    value = _kept("summary", engine, spec, compute, keep=lambda value: value[0] >= KEEP_FROM)
    return value, computed.get("hits")


class _GroupedHits:
    """What Django's Paginator needs: a count and slices, both asked of the engine,
    so only one page of results is ever fetched (LIMIT/OFFSET in the database). The
    page of result groups is kept like the counts; the rows shown are always read
    again through the privacy filter (``engine.members``). ``known``: (start, hits,
    limit) the engine already ranked with the summary (hits None: not ranked)."""

    def __init__(self, engine, spec, total, known=None):
        self.engine, self.spec, self.total, self.known = engine, spec, total, known

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def _hits(self, start, limit):
        known_start, known_hits, known_limit = self.known or (None, None, 0)
        # Ranked with the summary for a whole page from ``start``: the last page asks
        # for fewer; a shorter list means the results ran out.
        whole = known_hits is not None and (
            limit <= len(known_hits) or len(known_hits) < known_limit
        )
        if whole and known_start == start:
            return known_hits[:limit]
        return self.engine.hits(self.spec, start, limit)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("only slices")
        start, stop = item.start or 0, item.stop or self.total
        limit = max(0, stop - start)
        return _kept(
            "hits",
            self.engine,
            self.spec,
            lambda: self._hits(start, limit),
            start,
            limit,
            keep=lambda _value: self.total >= KEEP_FROM,
        )


def page_number(value):
    try:
        number = int(str(value).strip()[:6])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def read_filters(params, visitor_language):
    """Facet filters from the URL; the language defaults to the visitor's."""
    filters = {}
    for facet in facet_defs.FACETS:
        values = facet_defs.clean_values(facet, params.getlist(facet.name))
        if facet.name == facet_defs.LANGUAGE:
            if ALL_LANGUAGES in values:
                continue
            known = {code for code, _name in settings.LANGUAGES}
            values = [v for v in values if v in known] or [visitor_language]
        if values:
            filters[facet.name] = values
    return filters


def _query_string(raw, filters, visitor_language, **changes):
    """URL parameters for these filters (the default language is left out)."""
    pairs = [("q", raw)] if raw else []
    merged = {**filters, **changes}
    for facet in facet_defs.FACETS:
        values = merged.get(facet.name)
        if facet.name == facet_defs.LANGUAGE:
            if values is None:
                pairs.append((facet.name, ALL_LANGUAGES))
                continue
            if values == [visitor_language]:
                continue
        for value in values or ():
            pairs.append((facet.name, value))
    return urlencode(pairs)


def _facet_views(counts, filters, raw, language, user):
    views = []
    for facet in facet_defs.FACETS:
        facet_counts = counts.get(facet.name, {})
        selected = list(filters.get(facet.name, []))
        values = list(dict.fromkeys([*selected, *facet_counts]))
        labels = facet_defs.labels(facet, values, language, user, counted=facet_counts)
        items = []
        for value in values:
            count = facet_counts.get(value, 0)
            is_selected = value in selected
            if not count and not is_selected:
                continue
            if facet.multi_key and labels.get(value) == value and not is_selected:
                continue  # a deleted taxonomy term
            if facet.name == facet_defs.LANGUAGE:
                others = [v for v in selected if v != value]
                new = others if is_selected else [*selected, value]
                change = new or None
            else:
                new = [v for v in selected if v != value] if is_selected else [*selected, value]
                change = new
            items.append(
                FacetValue(
                    value=str(value),
                    label=str(labels.get(value, value)),
                    count=count,
                    selected=is_selected,
                    url="?" + _query_string(raw, filters, language, **{facet.name: change}),
                )
            )
        items.sort(key=lambda v: (not v.selected, -v.count, v.label.casefold()))
        if facet.numeric:
            items.sort(key=lambda v: (not v.selected, -int(v.value)))
        if items:
            views.append(FacetView(facet.name, str(facet.label), items))
    return views


def _pick(rows, language, filters):
    levels = filters.get("niveau") or ["full"]
    return sorted(
        rows,
        key=lambda r: (
            not r.candidate,
            r.language != language,
            r.reading_level not in levels,
            r.key,
        ),
    )[0]


def _url(row, request):
    if row.page_id:
        url = row.page.get_url(request) or ""
        return url + row.url_suffix if url else ""
    if row.document_id:
        return row.document.url
    return ""


def _locations(rows):
    """{row pk: [section titles]} for page rows, from one query."""
    wanted = {}
    for row in rows:
        if row.page_id:
            page = row.page
            # A tip or attached text is inside its page: the page is part of the way.
            depth = page.depth + (0 if row.key.startswith("page:") else 1)
            wanted[row.pk] = [page.path[: 4 * d] for d in range(3, depth)]
    paths = {p for ps in wanted.values() for p in ps}
    titles = (
        dict(Page.objects.filter(path__in=paths, live=True).values_list("path", "title"))
        if paths
        else {}
    )
    return {pk: [titles[p] for p in ps if p in titles] for pk, ps in wanted.items()}


def _document_location(row):
    collection = row.document.collection
    if collection and collection.depth > 1:
        return [collection.name]
    return []


def _versions(rows, shown, language_names, request):
    versions = []
    for row in sorted(rows, key=lambda r: (r.language, r.reading_level)):
        if row.pk == shown.pk:
            continue
        url = _url(row, request)
        if not url:
            continue
        label = language_names.get(row.language, row.language)
        if row.reading_level == "easy":
            label = _("%(language)s, eenvoudige taal") % {"language": label}
        versions.append(Version(label=label, url=url, language=row.language))
    return versions


def build_results(hits, members, query, language, filters, request, group_field="group_key"):
    by_group = {}
    for row in members:
        by_group.setdefault(getattr(row, group_field), []).append(row)
    stems, words = query.highlight_stems()
    names = dict(settings.PORTAL_LANGUAGE_NAMES)
    chosen = {}
    for hit in hits:
        rows = by_group.get(hit.group)
        if rows:
            chosen[hit.group] = _pick(rows, language, filters)
    locations = _locations(chosen.values())
    kind_labels = facet_defs.labels(
        facet_defs.BY_NAME["type"], {r.kind for r in chosen.values()}, language
    )
    results = []
    for hit in hits:
        row = chosen.get(hit.group)
        if row is None:
            continue
        url = _url(row, request)
        if not url:
            continue
        snippet_html, snippet_text = snippets.snippet(row.content.text, stems, words, row.language)
        results.append(
            Result(
                title=row.title,
                title_html=snippets.highlight(row.title, stems, words, row.language),
                url=url,
                kind=row.kind,
                kind_label=kind_labels.get(row.kind, row.kind),
                language=row.language,
                language_name=names.get(row.language, row.language),
                reading_level=row.reading_level,
                date=row.date,
                location=locations.get(row.pk)
                or (_document_location(row) if row.document_id else []),
                snippet_html=snippet_html,
                snippet=snippet_text,
                score=hit.score,
                versions=_versions(by_group[hit.group], row, names, request),
            )
        )
    return results


def promoted_queries():
    """The query strings that have editors' picks, kept under the content version
    (a pick saved or deleted changes it), so most searches need no query for picks."""

    return versioned(
        ("search:promoted-queries",),
        lambda: set(SearchPromotion.objects.values_list("query__query_string", flat=True)),
    )


def promotions_for(raw, user, language, request):
    """Editors' picks for this query that the user may open, in their language."""

    normalised = normalise_query_string(raw)
    if not normalised or normalised not in promoted_queries():
        return []
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")[:5]
    )
    found = []
    for pick in picks:
        if pick.page_id:
            page = (
                pick.page.get_translations(inclusive=True)
                .filter(locale__language_code=language)
                .first()
                or pick.page
            )
            if not viewable_pages(user, Page.objects.filter(pk=page.pk, live=True)).exists():
                continue
            found.append(
                {"title": page.title, "url": page.get_url(request), "description": pick.description}
            )
        elif pick.external_link_url:
            found.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return found


def suggestions_for(user, raw, languages, request, limit=8):
    words = query_module.prefix_words(raw)
    if not words or len(words[-1]) < 1:
        return []
    rows = get_engine().suggest(user, languages, words, limit)
    found = []
    for row in rows:
        url = _url(row, request) if (row.page_id or row.document_id) else ""
        if url:
            found.append({"title": row.title, "url": url, "type": row.kind})
    return found


def search(request, raw, params, language, page_size=PAGE_SIZE, correct=True):
    """Run one search for ``request.user``; ``params`` is the request's QueryDict.

    A word that finds nothing the user may see gets a correction (``did_you_mean``);
    when the query as typed finds nothing, the outcome is that of the corrected one.
    ``correct=False``: no correction (the corrected search itself)."""
    user = request.user
    raw = (raw or "").strip()
    filters = read_filters(params, language)
    searched_languages = filters.get(facet_defs.LANGUAGE) or [
        code for code, _name in settings.LANGUAGES
    ]
    query = query_module.parse(raw, searched_languages, synonyms.load(searched_languages))
    engine = get_engine()
    spec = Spec(user, query, filters)
    notices = []
    if query.truncated:
        notices.append(_("Je zoekvraag was erg lang: we zochten op het begin ervan."))
    # The page asked for: ranked with the summary (one reading of the matches) unless
    # it lies past the last page, which is only known afterwards.
    asked = page_number(params.get("page"))
    start = (asked - 1) * page_size
    (total, counts, all_count), first = summary(engine, spec, start, page_size)
    if total == 0 and len(query.must) > 1:
        spec = Spec(user, query, filters, match_any=True)
        (total, counts, all_count), first = summary(engine, spec, start, page_size)
        if total:
            notices.append(
                _("Niets gevonden met al je woorden samen. Dit zijn resultaten met een deel ervan.")
            )
    paginator = Paginator(_GroupedHits(engine, spec, total, (start, first, page_size)), page_size)
    number = min(asked, max(paginator.num_pages, 1))
    page_obj = paginator.page(number)
    hits = list(page_obj.object_list)
    members = engine.members(spec, [hit.group for hit in hits])
    results = build_results(
        hits, members, query, language, filters, request, group_field=engine.group_field
    )
    all_languages = facet_defs.LANGUAGE not in filters
    outcome = Outcome(
        raw=raw,
        query=query,
        results=results,
        page_obj=page_obj,
        total=total,
        facets=_facet_views(counts, filters, raw, language, user),
        filters=filters,
        language=language,
        all_languages=all_languages,
        all_languages_count=all_count if not all_languages else None,
        match_any=spec.match_any,
        query_string=_query_string(raw, filters, language),
        notices=notices,
    )
    if correct and raw and not query.is_empty and (not total or spec.match_any):
        did_you_mean = spelling.correct(user, raw, searched_languages)
        if did_you_mean and not total:
            corrected = search(request, did_you_mean, params, language, page_size, correct=False)
            if corrected.total:
                corrected.did_you_mean, corrected.corrected_from = did_you_mean, raw
                return corrected
        elif did_you_mean:
            # Some words found something: offer the corrected query, keep these results.
            outcome.did_you_mean = did_you_mean
    if raw and number == 1:
        outcome.promotions = promotions_for(raw, user, language, request)
    if raw and not total:
        outcome.suggestions = suggestions_for(user, raw, searched_languages, request)
    return outcome
