"""The readability endpoint for the admin panel (``POST /admin/leesbaarheid/``) and
the read-aloud recordings (``/voorlezen/<id>.mp3``).

The readability endpoint is registered through Wagtail's ``register_admin_urls`` hook,
so only people with access to the admin reach it. Form fields: ``text`` (the text to
measure) and ``lang`` (a content language code, default Dutch). Answers JSON, also
for bad input (status 400 with a Dutch ``error``).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.privacy import can_view_page
from core.models import GlossaryTerm

from .readability import LONG_SENTENCE_WORDS, RARE_ZIPF, THRESHOLDS, analyse, base_language

MAX_TEXT_LENGTH = 100_000

VERDICT_LABELS = {
    "easy": gettext_lazy("Eenvoudige taal"),
    "b1": gettext_lazy("Taalniveau B1"),
    "difficult": gettext_lazy("Moeilijk"),
}


def _glossary_words(lang):
    """Lower-cased forms of every glossary term in ``lang``."""

    known = set()
    for term in GlossaryTerm.objects.filter(locale__language_code=lang):
        known.update(form.lower() for form in term.forms())
    return known


def _add_term_url(word, lang):
    try:
        base = reverse("wagtailsnippets_portal_glossaryterm:add")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'term': word, 'locale': lang})}"


@require_POST
def readability_view(request):
    text = request.POST.get("text", "")
    lang = base_language(request.POST.get("lang") or settings.LANGUAGE_CODE)
    if lang not in dict(settings.LANGUAGES):
        return JsonResponse({"error": _("Deze taal kent het portaal niet.")}, status=400)
    if len(text) > MAX_TEXT_LENGTH:
        return JsonResponse(
            {"error": _("De tekst is te lang om te meten (meer dan 100.000 tekens).")},
            status=400,
        )
    data = analyse(text, lang).as_dict()
    known = _glossary_words(lang)
    for item in data["rare_words"]:
        item["in_glossary"] = item["word"].lower() in known
        item["add_url"] = None if item["in_glossary"] else _add_term_url(item["word"], lang)
    data["verdict_label"] = str(VERDICT_LABELS[data["verdict"]]) if data["verdict"] else None
    data["thresholds"] = {
        **THRESHOLDS,
        "long_sentence_words": LONG_SENTENCE_WORDS,
        "rare_zipf": RARE_ZIPF,
    }
    return JsonResponse(data)


def recording(request, pk):
    """The read-aloud recording ``pk``, for a visitor who may open its page (the same
    404 as for a recording that does not exist, otherwise)."""
    from .models import Recording

    found = Recording.objects.select_related("page").filter(pk=pk, page__live=True).first()
    if found is None or not can_view_page(request.user, found.page):
        raise Http404
    try:
        handle = found.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="audio/mpeg")
    # Never kept by a shared cache: who may hear it is decided on every request.
    response["Cache-Control"] = "private, max-age=300"
    return response
