"""The search index (one row per findable thing), synonyms and the query log.

``SearchEntry`` is a denormalised copy of everything the search page needs to match,
rank, filter, count and show a result without touching the content tables: one row
per live page version (full text and, where there is one, the easy-read version),
per tip and per document. Adapters (``search.adapters``) fill it; signals
(``search.signals``) keep it current. Privacy is *not* copied: every search joins
the live page or document and applies the current view restrictions
(docs/decisions/0006-search.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.search import index

from .fields import TsVectorField


class SearchEntry(models.Model):
    class ReadingLevel(models.TextChoices):
        FULL = "full", _("Volledige tekst")
        EASY = "easy", _("Eenvoudige taal")

    # What this row stands for, e.g. "page:12:full", "page:12:easy", "tip:7", "doc:3".
    key = models.CharField(max_length=80, unique=True)
    # The content type facet: "methodpage", "practicetip", "document", ...
    kind = models.CharField(max_length=60)
    # Rows with the same group key are one result: a page's translations and its
    # easy-read version ("page:<translation_key>"), a document ("doc:<id>").
    group_key = models.CharField(max_length=80)
    # A 64-bit hash of group_key: grouping and counting distinct results on an
    # integer is several times faster than on the text key.
    group_id = models.BigIntegerField(default=0)
    language = models.CharField(max_length=12)
    reading_level = models.CharField(
        max_length=8, choices=ReadingLevel.choices, default=ReadingLevel.FULL
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    # The working group the row belongs to ("" if none), as a page id.
    working_group = models.CharField(max_length=40, blank=True)
    # A multiplier on relevance for the kind of content (adapters set it).
    boost = models.FloatField(default=1.0)

    # The live page the row comes from (a tip's practice page) or the document.
    # Deleting the page or document deletes the row.
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Appended to the page's URL: "?eenvoudig=1", "#tip-7".
    url_suffix = models.CharField(max_length=40, blank=True)
    # Copies of the tree paths, only for search servers that cannot join
    # (Elasticsearch); the database engines always read the live page/collection.
    page_path = models.CharField(max_length=255, blank=True)
    collection_path = models.CharField(max_length=255, blank=True)

    # Shown: the title. The text (for snippets) and the tokens are in SearchText, so
    # this table stays narrow: filtering, counting and grouping read only it.
    title = models.CharField(max_length=255)

    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("zoekindex-item")
        verbose_name_plural = _("zoekindex")
        indexes = [
            models.Index(fields=["language", "kind"], name="search_entry_lang_kind"),
            models.Index(fields=["group_key"], name="search_entry_group"),
            models.Index(fields=["group_id"], name="search_entry_group_id"),
            models.Index(fields=["year"], name="search_entry_year"),
            models.Index(fields=["working_group"], name="search_entry_group_space"),
        ]

    def __str__(self):
        return f"{self.key} {self.title}"


class SearchText(models.Model):
    """The wide part of an entry: a plain-text excerpt source for snippets (capped)
    and the tokens that are matched.

    Space-separated stems (search.text.analyze) per weight class and the unstemmed
    title words for autocomplete; SQLite's FTS5 table reads these columns. On
    PostgreSQL the same tokens are also weighted vectors (GIN indexed).
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="content"
    )
    text = models.TextField(blank=True)
    title_index = models.TextField(blank=True)
    lead_index = models.TextField(blank=True)
    body_index = models.TextField(blank=True)
    words_index = models.TextField(blank=True)
    search_vector = TsVectorField(blank=True, default="")
    rank_vector = TsVectorField(blank=True, default="")
    words_vector = TsVectorField(blank=True, default="")

    def __str__(self):
        return f"text of entry {self.entry_id}"


class SearchEntryFacet(models.Model):
    """A value of a multi-valued facet (theme, target group) of one entry."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value"], name="search_facet_value"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "facet", "value"], name="search_facet_unique")
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class Synonym(index.Indexed, models.Model):
    """Words that mean the same to the people who search (OCMW = sociaal huis).

    The query is expanded with every other term of the group before it reaches the
    search engine, so synonyms work the same on SQLite, PostgreSQL and Elasticsearch.
    """

    terms = models.TextField(
        _("woorden met dezelfde betekenis"),
        help_text=_(
            "Gescheiden door komma's, bv. 'OCMW, sociaal huis, sociale dienst'. "
            "Wie één van deze woorden zoekt, vindt ook de andere."
        ),
    )
    note = models.CharField(_("opmerking"), max_length=255, blank=True)

    panels = [
        HelpPanel(
            content=_(
                "Een woord mag uit meer woorden bestaan ('centrum algemeen welzijnswerk'). "
                "Hoofdletters en accenten maken niet uit."
            )
        ),
        FieldPanel("terms"),
        FieldPanel("note"),
    ]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]
    editor_managed = True

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["terms"]

    def __str__(self):
        return self.terms[:80]

    def term_list(self):
        return [t.strip() for t in self.terms.split(",") if t.strip()]


class SearchTerm(models.Model):
    """How often a query was searched on a day, and how often it found nothing.

    Written in batches after responses are sent (``search.querylog``), never during a
    search. Stores the query text only: no user, no IP address.
    """

    day = models.DateField(_("dag"))
    query = models.CharField(_("zoekterm"), max_length=255)
    language = models.CharField(_("taal"), max_length=12)
    searches = models.PositiveIntegerField(_("keer gezocht"), default=0)
    without_results = models.PositiveIntegerField(_("zonder resultaat"), default=0)

    class Meta:
        verbose_name = _("zoekterm")
        verbose_name_plural = _("zoektermen")
        constraints = [
            models.UniqueConstraint(fields=["day", "query", "language"], name="search_term_per_day")
        ]
        indexes = [models.Index(fields=["day"], name="search_term_day")]

    def __str__(self):
        return self.query
