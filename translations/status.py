"""Translation flow on top of wagtail-localize.

- ``machine_translator_status()``: which machine translator the settings chose, or
  why there is none (shown in the admin instead of a failing button).
- ``annotate_translation_states()``: per target language, the state of each source
  page's translation (missing / out of date / up to date), computed in SQL.
- ``submit_for_review()``: turn the translated strings into a draft revision of the
  translated page and start the review workflow of its language, so a translation is
  reviewed before it goes live.

How "out of date" is decided (one SQL query per report page, whatever the number of
pages): a translation in language L is

- **missing** when there is no live, non-alias page in L with the source's
  ``translation_key`` (a draft translation counts as missing for visitors);
- **out of date** when the Dutch source was published after the translation
  (``source.last_published_at > translation.last_published_at``), or, for
  translations made with wagtail-localize, when the source was published after its
  text was last extracted for translators (``TranslationSource.last_updated_at``, set
  by "Synchroniseren"), when that extract is newer than the published translation, or
  when a string of the extract has no translation in L yet;
- **up to date** otherwise.

Publishing the source counts as a change even when the text stayed the same: the
state says "may be out of date", which is what a translator needs to look at.
"""

from django.conf import settings
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, WorkflowPage
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from access.roles import editable_pages

MISSING, OUTDATED, CURRENT = "missing", "outdated", "current"
STATE_LABELS = {
    MISSING: _("ontbreekt"),
    OUTDATED: _("verouderd"),
    CURRENT: _("bijgewerkt"),
}

_REQUIREMENTS = {
    "deepl": "DEEPL_API_KEY",
    "libretranslate": "LIBRETRANSLATE_URL",
}


def machine_translator_status():
    """``{"configured", "name", "problem"}`` for the admin notice."""

    chosen = (getattr(settings, "MACHINE_TRANSLATOR", "") or "").strip().lower()
    translator = get_machine_translator()
    if translator is not None:
        return {"configured": True, "name": str(translator.display_name), "problem": None}
    if not chosen:
        problem = _(
            "Automatisch vertalen staat uit: er is geen vertaaldienst ingesteld "
            "(MACHINE_TRANSLATOR). Vertalers vertalen zelf of via een PO-bestand."
        )
    elif chosen in _REQUIREMENTS:
        problem = _(
            "Automatisch vertalen staat uit: MACHINE_TRANSLATOR=%(name)s, maar "
            "%(setting)s ontbreekt. Vertalers vertalen zelf of via een PO-bestand."
        ) % {"name": chosen, "setting": _REQUIREMENTS[chosen]}
    else:
        problem = _(
            "Automatisch vertalen staat uit: de vertaaldienst '%(name)s' bestaat niet. "
            "Kies deepl, libretranslate of dummy."
        ) % {"name": chosen}
    return {"configured": False, "name": None, "problem": problem}


def target_locales():
    """Every content language but the source, in the order of settings.LANGUAGES."""

    order = [code for code, _name in settings.LANGUAGES]
    locales = Locale.objects.exclude(pk=Locale.get_default().pk)
    return sorted(
        locales,
        key=lambda locale: (
            order.index(locale.language_code) if locale.language_code in order else len(order),
            locale.language_code,
        ),
    )


def source_pages(user=None):
    """Live pages in the default language (the sources of translations)."""

    pages = Page.objects.filter(locale=Locale.get_default(), depth__gt=1, live=True)
    if user is not None:
        pages = pages.filter(pk__in=editable_pages(user).values("pk"))
    return pages


def annotate_translation_states(pages, locales):
    """Annotate ``pages`` (default-language pages) with, per locale L:
    ``state_<L>`` (MISSING/OUTDATED/CURRENT) and ``translation_id_<L>`` (the page
    in L, live or draft, if any)."""

    extract = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
    )
    pages = pages.annotate(
        _extract_id=Subquery(extract.values("pk")[:1]),
        _extracted_at=Subquery(extract.values("last_updated_at")[:1]),
    )
    for locale in locales:
        code = locale.language_code.replace("-", "_")
        translations = Page.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale_id=locale.pk,
            alias_of__isnull=True,
        )
        published = f"_published_{code}"
        untranslated = Exists(
            StringSegment.objects.filter(source_id=OuterRef("_extract_id"))
            .annotate(
                done=Exists(
                    StringTranslation.objects.filter(
                        translation_of_id=OuterRef("string_id"),
                        context_id=OuterRef("context_id"),
                        locale_id=locale.pk,
                        has_error=False,
                    )
                )
            )
            .filter(done=False)
        )
        managed = Exists(
            Translation.objects.filter(
                source_id=OuterRef("_extract_id"), target_locale_id=locale.pk, enabled=True
            )
        )
        pages = pages.annotate(
            **{
                f"translation_id_{code}": Subquery(translations.values("pk")[:1]),
                published: Subquery(translations.filter(live=True).values("last_published_at")[:1]),
                f"_managed_{code}": managed,
                f"_untranslated_{code}": untranslated,
            }
        )
        stale_extract = Q(**{f"_managed_{code}": True}) & (
            Q(_extracted_at__gt=F(published))
            | Q(last_published_at__gt=F("_extracted_at"))
            | Q(**{f"_untranslated_{code}": True})
        )
        pages = pages.annotate(
            **{
                f"state_{code}": Case(
                    When(Q(**{f"{published}__isnull": True}), then=Value(MISSING)),
                    When(Q(last_published_at__gt=F(published)), then=Value(OUTDATED)),
                    When(stale_extract, then=Value(OUTDATED)),
                    default=Value(CURRENT),
                    output_field=CharField(),
                )
            }
        )
    return pages


def translation_states(page, locales=None):
    """``{language_code: state}`` for one source page (used by tests and the demo)."""
    locales = target_locales() if locales is None else locales
    annotated = annotate_translation_states(type(page).objects.filter(pk=page.pk), locales).get()
    return {
        locale.language_code: getattr(annotated, f"state_{locale.language_code.replace('-', '_')}")
        for locale in locales
    }


def review_workflow(page):
    """The workflow that reviews translations of ``page``'s language, or ``None``.

    Only a workflow assigned to a page of the translation's own language tree counts
    (e.g. "Vertaling nalezen" on the French start page). Wagtail's default workflow on
    the tree root is for the source language and does not hold translators back.
    """

    ancestors = page.get_ancestors(inclusive=True).filter(depth__gt=1, locale_id=page.locale_id)
    assignment = (
        WorkflowPage.objects.filter(page__in=ancestors, workflow__active=True)
        .select_related("workflow")
        .order_by("-page__depth")
        .first()
    )
    return assignment.workflow if assignment else None


def reviewers_may_publish(user, page):
    """May ``user`` publish a translation of ``page`` directly, past its review?

    Yes without a review workflow for that language (see ``review_workflow``); with one
    only reviewers (members of a group of one of its group-approval steps) and
    superusers may.
    """
    if user.is_superuser:
        return True
    workflow = review_workflow(page)
    if workflow is None:
        return True
    user_groups = set(user.groups.values_list("pk", flat=True))
    for task in workflow.tasks.specific():
        groups = getattr(task, "groups", None)
        if groups is not None and user_groups & set(groups.values_list("pk", flat=True)):
            return True
    return False


def submit_for_review(translation, user):
    """Put the current translated strings in a draft revision of the translated page
    and start the page's workflow. Returns the workflow state.

    The live page row is left alone (unlike wagtail-localize's ``save_target(publish=
    False)``, which writes the text into the row and so makes it live at once).
    Raises ``ValueError`` (with a Dutch message) when review is not possible.
    """

    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise ValueError(_("Alleen vertalingen van pagina's kunnen nagelezen worden."))
    page = page.specific
    workflow = review_workflow(page)
    if workflow is None:
        raise ValueError(_("Er is geen werkstroom voor deze pagina: niemand kan ze nalezen."))
    if page.workflow_in_progress:
        raise ValueError(_("Deze vertaling wordt al nagelezen."))
    draft = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    # The slug comes from the source page, but the start pages of all languages are
    # siblings: a slug taken at this level becomes a free one (a free one is kept), as
    # wagtail-localize does when it saves a translation itself.
    draft.slug = find_available_slug(page.get_parent(), draft.slug, ignore_page_id=page.pk)
    draft.save_revision(user=user, log_action=True)
    return workflow.start(draft, user)
