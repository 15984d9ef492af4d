"""The search page, its JSON form and the suggestions.

Results depend on who asks (privacy), so responses are never stored in a shared
cache: ``Cache-Control: private, no-store`` and ``Vary: Cookie``.
"""

import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import querylog, service
from .engines.base import SearchUnavailable
from .text import strip_invisible

logger = logging.getLogger(__name__)


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie", "Accept"])
    return response


def _language(request):
    return (get_language() or "nl").split("-")[0]


def wants_html(request):
    """Suggestions are JSON, except for a browser opening the address itself (no
    JavaScript: the search box's fallback link) or ``format=html``."""
    fmt = request.GET.get("format", "")
    if fmt in ("json", "html"):
        return fmt == "html"
    return "text/html" in request.headers.get("Accept", "")


def _query(request):
    """The typed query, without control characters (PostgreSQL refuses null bytes)."""
    return strip_invisible(request.GET.get("q", ""))[: service.MAX_RAW_CHARS]


def unavailable(request, as_json=False):
    """The engine failed (a search server down, a database error): a friendly page,
    503, and the error in the log — never a bare server error."""
    logger.exception("Search failed for %r", request.GET.get("q", "")[:100])
    message = _("Zoeken lukt nu even niet. Probeer het over enkele minuten opnieuw.")
    if as_json:
        response = JsonResponse({"error": str(message)}, status=503)
    else:
        response = render(request, "search/unavailable.html", {"message": message}, status=503)
    return _private(response)


def search_view(request):
    raw = _query(request)
    language = _language(request)
    try:
        outcome = service.search(request, raw, request.GET, language)
    except (SearchUnavailable, DatabaseError):
        return unavailable(request, as_json=request.GET.get("format") == "json")
    if outcome.corrected_from is not None:
        querylog.record(outcome.corrected_from, language, 0)  # what was typed found nothing
    elif outcome.raw and not outcome.query.is_empty:
        querylog.record(outcome.raw, language, outcome.total)
    if request.GET.get("format") == "json":
        return _private(JsonResponse(_as_json(outcome), json_dumps_params={"ensure_ascii": False}))
    context = {
        "outcome": outcome,
        "search_query": outcome.raw,
        "all_languages_url": "?"
        + service._query_string(outcome.raw, outcome.filters, language, taal=None),
        "own_language_url": "?"
        + service._query_string(outcome.raw, outcome.filters, language, taal=[language]),
        "did_you_mean_url": "?"
        + service._query_string(outcome.did_you_mean or "", outcome.filters, language),
    }
    return _private(render(request, "search/search_page.html", context))


def _as_json(outcome):
    data = {
        "query": outcome.corrected_from if outcome.corrected_from is not None else outcome.raw,
        "total": outcome.total,
        "page": outcome.page_obj.number,
        "num_pages": outcome.page_obj.paginator.num_pages,
        "results": [result.as_json() for result in outcome.results],
        "facets": {view.name: {v.value: v.count for v in view.values} for view in outcome.facets},
        "notices": [str(n) for n in outcome.notices],
    }
    if outcome.did_you_mean:
        data["did_you_mean"] = outcome.did_you_mean
    return data


def suggest_view(request):
    raw = _query(request)
    language = _language(request)
    try:
        suggestions = service.suggestions_for(request.user, raw, [language], request)
    except (SearchUnavailable, DatabaseError):
        return unavailable(request, as_json=not wants_html(request))
    if wants_html(request):
        context = {"search_query": raw, "suggestions": suggestions}
        return _private(render(request, "search/suggestions.html", context))
    return _private(
        JsonResponse(
            {"query": raw[:200], "suggestions": suggestions},
            json_dumps_params={"ensure_ascii": False},
        )
    )
