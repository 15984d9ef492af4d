"""Template tags for easy-read pages: glossary explanations, the test-reader label,
the editors' notice, dates in the page's language and read-aloud recordings."""

import datetime
import hashlib
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Page

from access.roles import may_have_page_permissions
from access.signals import source_of
from core.cache import versioned
from core.models import GlossaryTerm, passed_test_readers
from core.templatetags.core_tags import page_language, text_direction
from easyread import recordings
from easyread.freshness import easy_read_may_be_outdated
from easyread.glossary import Entry, annotate
from easyread.models import Recording

register = template.Library()


def glossary_entries(locale_id):
    """The glossary of a locale, read once per content version."""

    return versioned(
        ("glossary", locale_id),
        lambda: [
            Entry(key=str(term.pk), forms=tuple(term.forms()), explanation=term.explanation)
            for term in GlossaryTerm.objects.filter(locale_id=locale_id)
        ],
    )


class GlossaryNode(template.Node):
    def __init__(self, nodelist, page_variable):
        self.nodelist = nodelist
        self.page_variable = page_variable

    def render(self, context):
        html = self.nodelist.render(context)
        page = self.page_variable.resolve(context)
        if not isinstance(page, Page):
            return html
        entries = glossary_entries(page.locale_id)
        if not html or not entries:
            return html
        label = _("uitleg")
        # The result depends only on the HTML, the glossary and the label: parsing the
        # page is the costly part, so an annotated text is kept per content version.
        digest = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
        annotated = versioned(
            ("glossary-html", page.locale_id, label, digest),
            lambda: annotate(html, entries, label=label),
        )
        return mark_safe(annotated)  # noqa: S308 - parsed and re-serialised by BeautifulSoup


@register.tag
def glossary(parser, token):
    """``{% glossary page %}…{% endglossary %}``: explain the page locale's glossary
    words in the enclosed HTML (first occurrence of each word)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% glossary page %} takes one argument")
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist, parser.compile_filter(bits[1]))


@register.inclusion_tag("components/test_read_label.html")
def test_read_label(page):
    """The label "Nagelezen door testlezers" when the current text passed that step."""

    return {"state": passed_test_readers(page) if isinstance(page, Page) else None}


@register.inclusion_tag("components/easy_read_editor_notice.html", takes_context=True)
def easy_read_editor_notice(context, page):
    """For people who may edit the page: its easy-read version may be out of date."""
    request = context.get("request")
    user = getattr(request, "user", None)
    empty = {"show": False}
    if not isinstance(page, Page) or user is None or not user.is_authenticated:
        return empty
    if not getattr(page, "has_easy_read", False):
        return empty

    if not may_have_page_permissions(user) or not page.permissions_for_user(user).can_edit():
        return empty

    source = source_of(page)
    outdated = easy_read_may_be_outdated(page) or (
        source is not page and easy_read_may_be_outdated(source)
    )
    return {"show": outdated, "page": page}


@register.filter
def local_date(value, language_code):
    """A date (or datetime) in the long format of ``language_code``: "3 november 2026",
    "3 novembre 2026", "November 3, 2026" (Django's locale formats)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    with override(language_code):
        return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


@register.filter
def local_number(value, language_code):
    """A number formatted for ``language_code`` (decimal and thousands separators)."""
    if value in (None, ""):
        return ""
    with override(language_code):
        return formats.number_format(value, use_l10n=True, force_grouping=True)


@lru_cache(maxsize=1)
def interface_languages():
    """Languages with a gettext catalogue of our own (all seven content languages)."""
    codes = set()
    for path in settings.LOCALE_PATHS:
        for po in Path(path).glob("*/LC_MESSAGES/django.po"):
            codes.add(po.parent.parent.name)
    return codes | {settings.LANGUAGE_CODE}


def visitor_language():
    """The language the interface speaks to this visitor: the request's language where
    the portal has a catalogue for it, else Dutch."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in interface_languages() else settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def interface_lang(context):
    """``lang``/``dir`` attributes for interface text whose language is not the page's:
    a Dutch page shown under ``/tr/`` (not translated yet) has a Turkish interface, and
    a page in a language without a catalogue has a Dutch one. Screen readers then
    pronounce each part in its language, and right-to-left pages keep punctuation in
    place."""
    page = (page_language(context) or "").split("-")[0]
    interface = visitor_language()
    if interface == page:
        return ""
    return format_html(' lang="{}" dir="{}"', interface, text_direction(interface))


@register.inclusion_tag("components/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """A note, in the visitor's language, on a page shown in another language because
    it has no translation in theirs yet."""
    page = context.get("page")
    interface = visitor_language()
    shown = isinstance(page, Page) and page_language(context).split("-")[0] != interface
    return {"shown": shown, "lang": interface, "dir": text_direction(interface)}


@register.simple_tag(takes_context=True)
def read_aloud_recording(context):
    """The URL of the recording of what the page shows now (its easy-read version when
    the visitor chose it), or "". Read once per content version: a new recording
    changes the version (core.cache)."""
    page = context.get("page")
    if not isinstance(page, Page) or not recordings.enabled():
        return ""
    level = recordings.EASY if context.get("show_easy_read") else recordings.FULL

    def compute():
        found = Recording.objects.filter(page_id=page.pk, level=level).values("pk").first()
        return reverse("easyread:recording", args=[found["pk"]]) if found else ""

    return versioned(("easyread:recording", page.pk, level), compute)
