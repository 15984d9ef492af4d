"""How each kind of content becomes search entries.

An adapter turns one object into zero or more ``EntryData`` (one per findable
version: a page's full text, its easy-read version, each tip of a practice, a
document). Adapters are registered here, in the search app, keyed by model — by
class or by ``"app_label.ModelName"`` so a model that is not installed yet costs
nothing. The most specific registration along the model's MRO wins.

The default page adapter reads what every page type already declares for Wagtail:
its ``search_fields`` (``title``; fields with a boost above 1 or named like a lead
weigh as the lead; the rest is body text), its many-to-many links to the taxonomies in
``FACET_TAXONOMIES`` (theme and target-group facets), its ``easy_read`` field and its
child objects that have an adapter of their own (a practice's tips). So a new page type
is searchable without any change to its app or to this one.

Text that belongs to a page or a document without being part of it (the members'
comments on a meeting or a document) is declared by its own app under the Wagtail hook
``ATTACHED_TEXTS_HOOK`` (``search.api``): each ``AttachedText`` becomes an entry of
its own, written with the page or document it is attached to, so it is replaced
whenever that is indexed and shown only to who may open it.
"""

import html
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.search import index

# Characters of text kept per entry: for matching (stemmed) and for snippets.
INDEX_MAX_CHARS = getattr(settings, "PORTAL_SEARCH_INDEX_MAX_CHARS", 100_000)
SNIPPET_SOURCE_MAX_CHARS = 20_000

# Many-to-many targets that become multi-valued facets: model label -> facet name.
FACET_TAXONOMIES = {"kennisbank.Theme": "theme", "kennisbank.TargetGroup": "target"}
# The page type whose subtree is one working group's space.
WORKING_GROUP_MODEL = "werkgroepen.WorkingGroupPage"
# Fields read as the lead (weighted above the body) when a page type has them.
LEAD_FIELD_NAMES = ("lead", "intro", "search_description", "description", "summary")
# The Wagtail hook under which apps declare text attached to a page or a document.
ATTACHED_TEXTS_HOOK = "portal_search_attached_texts"
ATTACHED_BOOST = 0.8
URL_SUFFIX_MAX_CHARS = 40

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


@dataclass
class EntryData:
    key: str
    kind: str
    group_key: str
    language: str
    title: str
    lead: str = ""
    body: str = ""
    reading_level: str = "full"
    date: object = None
    working_group: str = ""
    facets: dict = field(default_factory=dict)
    page: object = None
    document: object = None
    url_suffix: str = ""
    page_path: str = ""
    collection_path: str = ""
    boost: float = 1.0


@dataclass(frozen=True)
class AttachedText:
    """Text attached to a page or a document, found as a result of its own.

    ``key``: unique among all entries ("comment:12"); ``kind``: the model label that
    names it in the type facet ("werkgroepen.comment"); ``url_suffix``: appended to
    the address of the page it is attached to ("#comment-12"). Text attached to a
    document leads to ``page`` (plus the suffix) instead of the document's file;
    the searcher must be able to open both. ``page`` is ignored for text attached to
    a page: such text is always shown with, and only with, that page."""

    key: str
    kind: str
    title: str
    text: str
    date: object = None
    url_suffix: str = ""
    page: object = None

    def __post_init__(self):
        if len(self.url_suffix) > URL_SUFFIX_MAX_CHARS or len(self.key) > 80:
            raise ValueError("AttachedText: key or url_suffix too long")


def attached_texts(obj):
    """The ``AttachedText`` that apps declare for a page or a document."""
    found = []
    for hook in hooks.get_hooks(ATTACHED_TEXTS_HOOK):
        found.extend(hook(obj) or ())
    return found


def attached_entries(obj, *, language, date, working_group, **target):
    """Entries of the text attached to ``obj``; ``target``: the entry fields that
    point at ``obj`` (``page`` and ``page_path``, or ``document`` and
    ``collection_path``) and decide who may see them."""
    entries = []
    for attached in attached_texts(obj):
        fields = dict(target)
        if "document" in target and attached.page is not None:
            fields.update(page=attached.page, page_path=attached.page.path)
        if fields.get("page") is not None:
            fields["url_suffix"] = attached.url_suffix
        entries.append(
            EntryData(
                key=attached.key,
                kind=attached.kind,
                group_key=attached.key,
                language=language,
                title=attached.title,
                body=attached.text[:INDEX_MAX_CHARS],
                date=attached.date or date,
                working_group=working_group,
                boost=ATTACHED_BOOST,
                **fields,
            )
        )
    return entries


def model_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def kind_of(model):
    return model._meta.label_lower


def plain(value):
    """Text of a field value as Wagtail would index it, without markup."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return " ".join(plain(v) for v in value.values())
    text = html.unescape(_TAG_RE.sub(" ", str(value)))
    return _SPACE_RE.sub(" ", text).strip()


def get_model_or_none(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has_field(obj, name):
    try:
        obj._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


class IndexContext:
    """Lookups shared by the objects indexed in one go (a rebuild, one publish)."""

    def __init__(self):
        self._groups = None
        self._collection_groups = None

    def _load_groups(self):
        model = get_model_or_none(WORKING_GROUP_MODEL)
        self._groups, self._collection_groups = {}, {}
        if model is None:
            return
        collection_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation
            and f.related_model is not None
            and f.related_model._meta.label == "wagtailcore.Collection"
        ]
        for row in model.objects.values("pk", "path", *collection_fields):
            self._groups[row["path"]] = str(row["pk"])
            for name in collection_fields:
                if row[name]:
                    self._collection_groups[row[name]] = str(row["pk"])

    def working_group_of_path(self, path):
        if self._groups is None:
            self._load_groups()
        for group_path, pk in self._groups.items():
            if path.startswith(group_path):
                return pk
        return ""

    def working_group_of_collection(self, collection):
        if self._collection_groups is None:
            self._load_groups()
        if collection is None:
            return ""
        if collection.pk in self._collection_groups:
            return self._collection_groups[collection.pk]
        # A sub-collection of a group's collection belongs to the group too.
        for ancestor_id in collection.get_ancestors().values_list("pk", flat=True):
            if ancestor_id in self._collection_groups:
                return self._collection_groups[ancestor_id]
        return ""


class Adapter:
    """Base adapter. Subclasses implement ``entries(obj, context)``."""

    boost = 1.0

    def entries(self, obj, context):
        raise NotImplementedError


class PageAdapter(Adapter):
    """Any Wagtail page: see the module docstring for what it reads."""

    def __init__(self, *, boost=1.0, reading_level="full", date_field=None, indexed=True):
        self.boost = boost
        self.reading_level = reading_level
        self.date_field = date_field
        self.indexed = indexed

    def split_text(self, page):
        """(lead, body) of a page from its declared search fields, plus a lead-like
        field (``intro``, ``lead``, …) and a ``body`` the page type did not declare."""
        lead, body, seen = [], [], {"title", "easy_read"}
        for search_field in page.get_search_fields():
            if isinstance(search_field, index.RelatedFields):
                body.append(self._related_text(page, search_field))
                continue
            if not isinstance(search_field, index.SearchField):
                continue
            name = search_field.field_name
            if name in seen:
                continue
            seen.add(name)
            text = plain(search_field.get_value(page))
            if (search_field.boost or 1) > 1 or name in LEAD_FIELD_NAMES:
                lead.append(text)
            else:
                body.append(text)
        for name in (*LEAD_FIELD_NAMES, "body"):
            if name not in seen and _has_field(page, name):
                text = plain(index.SearchField(name).get_value(page))
                (body if name == "body" else lead).append(text)
        return " ".join(t for t in lead if t), " ".join(t for t in body if t)

    def _related_text(self, obj, related_fields):
        value = related_fields.get_value(obj)
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else [value]
        parts = []
        for item in items:
            for sub in related_fields.fields:
                if isinstance(sub, index.SearchField):
                    parts.append(plain(sub.get_value(item)))
        return " ".join(p for p in parts if p)

    def facets(self, page):
        # Read once per page object: each of a practice's tips files under them too.
        cached = page.__dict__.get("_search_facets")
        if cached is not None:
            return cached
        found = {}
        for f in page._meta.many_to_many:
            target = f.related_model
            facet = FACET_TAXONOMIES.get(model_label(target)) if target else None
            if not facet:
                continue
            keys = [str(obj.translation_key) for obj in getattr(page, f.name).all()]
            found.setdefault(facet, []).extend(keys)
        page.__dict__["_search_facets"] = found
        return found

    def easy_read_text(self, page):
        if not getattr(page, "easy_read", None):
            return ""
        return plain(index.SearchField("easy_read").get_value(page))

    def page_date(self, page):
        if self.date_field:
            value = getattr(page, self.date_field, None)
            if value is not None:
                return value
        return page.last_published_at or page.first_published_at

    def entries(self, page, context):
        # An alias shows its source's content: the source is the one result (and the
        # privacy filter hides aliases of pages the user may not open).
        if not self.indexed or not page.live or page.alias_of_id:
            return []
        lead, body = self.split_text(page)
        date = self.page_date(page)
        common = {
            "kind": kind_of(type(page)),
            "group_key": f"page:{page.translation_key}",
            "language": page.locale.language_code,
            "title": page.title,
            "date": date,
            "working_group": context.working_group_of_path(page.path),
            "facets": self.facets(page),
            "page": page,
            "page_path": page.path,
            "boost": self.boost,
        }
        entries = [
            EntryData(
                key=f"page:{page.pk}:full",
                lead=lead,
                body=body,
                reading_level=self.reading_level,
                **common,
            )
        ]
        easy = self.easy_read_text(page)
        if easy and self.reading_level != "easy":
            entries.append(
                EntryData(
                    key=f"page:{page.pk}:easy",
                    body=easy,
                    reading_level="easy",
                    url_suffix="?eenvoudig=1",
                    **common,
                )
            )
        for child_entries in self.child_entries(page, context):
            entries.extend(child_entries)
        entries.extend(
            attached_entries(
                page,
                language=common["language"],
                date=date,
                working_group=common["working_group"],
                page=page,
                page_path=page.path,
                facets=common["facets"],
            )
        )
        return entries

    def child_entries(self, page, context):
        """Entries of child objects (ParentalKey) whose model has an adapter."""
        for relation in page._meta.related_objects:
            if not isinstance(relation.field, ParentalKey):
                continue
            adapter = adapter_for(relation.related_model)
            if adapter is None:
                continue
            for child in getattr(page, relation.get_accessor_name()).all():
                yield adapter.child_entries_for(child, page, context)


class TipAdapter(Adapter):
    """A practice's tip: its own result, filed under the practice's facets."""

    boost = 0.8

    def entries(self, obj, context):
        page = obj.page.specific
        return self.child_entries_for(obj, page, context) if page.live else []

    def child_entries_for(self, tip, page, context):
        text = plain(tip.text)
        if not text:
            return []
        title = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
        group = getattr(tip, "translation_key", None) or tip.pk
        return [
            EntryData(
                key=f"tip:{tip.pk}",
                kind=kind_of(type(tip)),
                group_key=f"tip:{group}",
                language=page.locale.language_code,
                title=title,
                body=text,
                date=page.last_published_at or page.first_published_at,
                working_group=context.working_group_of_path(page.path),
                facets=PageAdapter().facets(page),
                page=page,
                page_path=page.path,
                boost=self.boost,
            )
        ]


class DocumentAdapter(Adapter):
    """A document: title weighs most, description and tags as the lead, the
    extracted text as body. Trashed documents have no entries."""

    boost = 0.9

    def entries(self, document, context):
        if getattr(document, "trashed_at", None) is not None:
            return []
        tags = " ".join(tag.name for tag in document.tags.all())
        lead = " ".join(t for t in (getattr(document, "description", ""), tags) if t)
        collection = document.collection
        common = {
            "language": settings.LANGUAGE_CODE,
            "date": document.created_at or timezone.now(),
            "working_group": context.working_group_of_collection(collection),
            "document": document,
            "collection_path": collection.path if collection else "",
        }
        return [
            EntryData(
                key=f"doc:{document.pk}",
                kind=kind_of(type(document)),
                group_key=f"doc:{document.pk}",
                title=document.title,
                lead=lead,
                body=getattr(document, "extracted_text", "")[:INDEX_MAX_CHARS],
                boost=self.boost,
                **common,
            ),
            *attached_entries(document, **common),
        ]


_registry = {}


def register(model, adapter):
    """Register ``adapter`` for ``model`` (a class or an ``"app.Model"`` label)."""
    key = model if isinstance(model, str) else model_label(model)
    _registry[key.lower()] = adapter


def adapter_for(model):
    for cls in model.__mro__:
        meta = getattr(cls, "_meta", None)
        if meta is None:
            continue
        adapter = _registry.get(f"{meta.app_label}.{cls.__name__}".lower())
        if adapter is not None:
            return adapter
    return None


def register_defaults():
    """The portal's adapters. Labels of models that do not exist are harmless."""
    register("wagtailcore.Page", PageAdapter(indexed=False))
    register("portal.BasePage", PageAdapter())
    register("home.HomePage", PageAdapter(boost=0.5))
    register("home.EasyReadIndexPage", PageAdapter(reading_level="easy", boost=0.8))
    register("home.EasyReadPage", PageAdapter(reading_level="easy"))
    register("kennisbank.KennisbankIndexPage", PageAdapter(boost=0.8))
    register("kennisbank.MethodPage", PageAdapter(boost=1.2))
    register("kennisbank.PracticePage", PageAdapter(boost=1.1))
    register("kennisbank.PracticeTip", TipAdapter())
    register("werkgroepen.WorkingGroupIndexPage", PageAdapter(boost=0.8))
    register("werkgroepen.MeetingPage", PageAdapter(date_field="start"))
    register("werkgroepen.FeedbackPage", PageAdapter(reading_level="easy"))
    register(settings.WAGTAILDOCS_DOCUMENT_MODEL, DocumentAdapter())
