"""Admin reports for editors and translators (Wagtail report views).

- "Vertalingen per taal": every live Dutch page with, per language, whether its
  translation is missing, out of date or up to date (see ``translations.status`` for how
  that is computed in SQL).
- "Eenvoudige taal verouderd": pages whose full text changed after their easy-read
  version was last edited.

Both list only pages the user may edit or publish.
"""

import django_filters
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from translations.status import (
    CURRENT,
    MISSING,
    OUTDATED,
    STATE_LABELS,
    annotate_translation_states,
    machine_translator_status,
    source_pages,
    target_locales,
)

STATE_CHOICES = [(state, STATE_LABELS[state]) for state in (MISSING, OUTDATED, CURRENT)]


def _language_choices():
    return [
        (locale.language_code, locale.get_display_name() or locale.language_code)
        for locale in target_locales()
    ]


def _field(code):
    return code.replace("-", "_")


class TranslationStateFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Taal"), choices=_language_choices, method="filter_language"
    )
    state = django_filters.ChoiceFilter(
        label=_("Stand"), choices=STATE_CHOICES, method="filter_state"
    )
    title = django_filters.CharFilter(
        label=_("Titel bevat"), field_name="title", lookup_expr="icontains"
    )

    class Meta:
        model = Page
        fields = []

    def filter_language(self, queryset, name, value):
        return queryset  # chooses the column shown; the state filter uses it

    def filter_state(self, queryset, name, value):
        language = self.form.cleaned_data.get("language")
        codes = [language] if language else [code for code, _label in _language_choices()]
        condition = None
        for code in codes:
            lookup = Q(**{f"state_{_field(code)}": value})
            condition = lookup if condition is None else condition | lookup
        return queryset.filter(condition) if condition is not None else queryset


class TranslationStateReportView(ReportView):
    page_title = _("Vertalingen per taal")
    header_icon = "site"
    template_name = "portal/admin/translation_report.html"
    results_template_name = "portal/admin/translation_report_results.html"
    index_url_name = "portal_translation_report"
    index_results_url_name = "portal_translation_report_results"
    filterset_class = TranslationStateFilterSet
    paginate_by = 50

    @cached_property
    def locales(self):
        chosen = self.request.GET.get("language")
        locales = target_locales()
        if chosen and any(locale.language_code == chosen for locale in locales):
            return [locale for locale in locales if locale.language_code == chosen]
        return locales

    def get_queryset(self):
        pages = source_pages(self.request.user).order_by("path")
        self.queryset = annotate_translation_states(pages, target_locales())
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        rows = []
        for page in object_list:
            cells = []
            for locale in self.locales:
                code = _field(locale.language_code)
                state = getattr(page, f"state_{code}")
                cells.append(
                    {
                        "locale": locale,
                        "state": state,
                        "label": STATE_LABELS[state],
                        "translation_id": getattr(page, f"translation_id_{code}"),
                    }
                )
            rows.append({"page": page, "cells": cells})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = self.locales
        context["machine_translator"] = machine_translator_status()
        return context
