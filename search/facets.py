"""The facets of the search page: what they filter on and how values are named.

Single-valued facets are columns of ``SearchEntry``; multi-valued ones (themes,
target groups) are rows of ``SearchEntryFacet``. Labels are looked up when the page
is shown, in the visitor's language, so renaming a theme needs no reindex.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from access.privacy import viewable_pages
from core.cache import versioned

from . import text
from .models import SearchEntry


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter
    label: str
    column: str = ""  # SearchEntry column, or
    multi_key: str = ""  # SearchEntryFacet.facet
    numeric: bool = False


FACETS = (
    Facet("type", _("Soort"), column="kind"),
    Facet("thema", _("Thema"), multi_key="theme"),
    Facet("doelgroep", _("Doelgroep"), multi_key="target"),
    Facet("werkgroep", _("Werkgroep"), column="working_group"),
    Facet("taal", _("Taal"), column="language"),
    Facet("niveau", _("Leesniveau"), column="reading_level"),
    Facet("jaar", _("Jaar"), column="year", numeric=True),
)
BY_NAME = {facet.name: facet for facet in FACETS}
LANGUAGE = "taal"
TAXONOMY_MODELS = {"theme": "kennisbank.Theme", "target": "kennisbank.TargetGroup"}


def clean_values(facet, values):
    """Keep only well-formed values of a facet's URL parameter (anything else is
    ignored, never an error)."""
    cleaned = []
    for value in values[:20]:
        value = text.strip_invisible(value).strip()[:64]
        if not value:
            continue
        if facet.numeric:
            if not (value.isascii() and value.isdigit() and len(value) <= 4):
                continue
            value = int(value)
        cleaned.append(value)
    return list(dict.fromkeys(cleaned))


def _kind_label(kind):
    try:
        return str(apps.get_model(kind)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return kind


def _taxonomy_names(multi_key, language):
    """{translation key: name} of every term of a taxonomy, in ``language`` where it
    has a translation, else the source language, else any; kept under the content
    version (a renamed or new term changes it)."""

    def compute():
        try:
            model = apps.get_model(TAXONOMY_MODELS.get(multi_key))
        except (LookupError, ValueError, TypeError):
            return {}
        default_locale = Locale.get_default().pk
        names = {}
        for row in model.objects.select_related("locale"):
            key = str(row.translation_key)
            # The visitor's language first, then the source language, then any.
            rank = (
                0
                if row.locale.language_code == language
                else (1 if row.locale_id == default_locale else 2)
            )
            if key not in names or rank < names[key][0]:
                names[key] = (rank, row.name)
        return {key: name for key, (_rank, name) in names.items()}

    return versioned(("search:taxonomy-names", multi_key, language), compute)


def _taxonomy_labels(multi_key, keys, language):
    names = _taxonomy_names(multi_key, language)
    return {str(key): names[str(key)] for key in keys if str(key) in names}


def labels(facet, values, language, user=None, counted=()):
    """{value: label} for values of ``facet`` shown to ``user`` in ``language``.

    A working group is only named to someone who may open its space; anyone else
    (who typed its id in the URL) sees the bare value. Values in ``counted`` came
    from the user's own visible results, so they need no second check."""
    values = list(values)
    if not values:
        return {}
    if facet.column == "kind":
        return {v: _kind_label(v) for v in values}
    if facet.column == "language":
        names = dict(settings.PORTAL_LANGUAGE_NAMES)
        return {v: names.get(v, v) for v in values}
    if facet.column == "reading_level":
        choices = dict(SearchEntry.ReadingLevel.choices)
        return {v: choices.get(v, v) for v in values}
    if facet.column == "working_group":
        ids = {v: int(v) for v in map(str, values) if v.isascii() and v.isdigit() and len(v) < 12}
        seen = {ids[v] for v in map(str, counted) if v in ids}
        unseen = set(ids.values()) - seen
        titles = dict(Page.objects.filter(pk__in=seen, live=True).values_list("pk", "title"))
        if unseen:
            pages = viewable_pages(user, Page.objects.filter(pk__in=unseen, live=True))
            titles.update(pages.values_list("pk", "title"))
        return {v: titles.get(ids.get(str(v)), v) for v in values}
    if facet.multi_key:
        return {**{v: v for v in values}, **_taxonomy_labels(facet.multi_key, values, language)}
    return {v: str(v) for v in values}
