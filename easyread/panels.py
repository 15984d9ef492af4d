"""Admin panels for editors: the readability checker and the easy-read status.

``BasePage`` puts a ``ReadabilityPanel`` at the end of its content tab and of its
easy-read tab, so every page type gets them without declaring anything.
"""

import json

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from access.signals import source_of
from core.models.workflow import passed_test_readers

from .freshness import easy_read_may_be_outdated


def _language_of(instance):
    locale = getattr(instance, "locale", None) if instance is not None else None
    try:
        return locale.language_code if locale is not None else settings.LANGUAGE_CODE
    except Exception:  # an unsaved instance without a locale yet
        return settings.LANGUAGE_CODE


def panel_labels():
    """The words readability-panel.js shows, in the editor's language."""
    return {
        "empty": gettext("Nog geen tekst om te meten."),
        "failed": gettext("De meting lukte niet. Probeer het straks opnieuw."),
        "reached": gettext("doel bereikt"),
        "not_reached": gettext("nog niet op doel"),
        "sentences": gettext("Zinnen"),
        "words_per_sentence": gettext("Woorden per zin (gemiddeld)"),
        "reading_ease": gettext("Flesch-Douma (hoger is makkelijker)"),
        "long_words": gettext("Lange woorden (4 lettergrepen of meer)"),
        "long_sentences": gettext("Lange zinnen (meer dan 15 woorden)"),
        "words": gettext("woorden"),
        "rare_words": gettext("Weinig gebruikte woorden"),
        "in_glossary": gettext("staat in de woordenlijst"),
        "add_to_glossary": gettext("voorstellen voor de woordenlijst"),
        "badge": gettext("Leesbaarheid"),
    }


class ReadabilityPanel(Panel):
    """Measures the text of the tab it sits in while the editor types.

    ``target`` is the level the tab aims at: ``"b1"`` for the full text, ``"easy"``
    for the easy-read version; the panel says whether the text reaches it.
    """

    def __init__(self, target="b1", **kwargs):
        kwargs.setdefault("heading", _("Leesbaarheid"))
        super().__init__(**kwargs)
        self.target = target

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["target"] = self.target
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or f"readability-{self.target}"

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                {
                    "endpoint": reverse("portal_readability"),
                    "lang": _language_of(self.instance),
                    "target": self.panel.target,
                    "labels_json": json.dumps(panel_labels()),
                }
            )
            return context

        @property
        def media(self):
            return forms.Media(
                js=["portal/js/readability-panel.js"],
                css={"all": ["portal/css/admin.css"]},
            )


class EasyReadStatusPanel(Panel):
    """Tells the editor when the easy-read version may be older than the full text,
    and whether test readers read the current version."""

    @property
    def clean_name(self):
        return super().clean_name or "easy-read-status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/easy_read_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            source = source_of(page) if page is not None and page.pk else page
            context.update(
                {
                    "page": page,
                    "outdated": easy_read_may_be_outdated(page),
                    "source_outdated": source is not page and easy_read_may_be_outdated(source),
                    "test_read": passed_test_readers(page) if page is not None else None,
                }
            )
            return context

        @property
        def media(self):
            return forms.Media(css={"all": ["portal/css/admin.css"]})
