"""Demo helpers: translations and easy-read versions in one line each.

Used by the apps' ``demo.py`` builders::

    translate(ctx, page, "fr", {"title": "Bienvenue", "intro": "…", "body": [...]})
    add_easy_read(ctx, page, [("paragraph", {"text": "…"}), ...])

``translate`` goes through wagtail-localize (``TranslationSource``, ``Translation``,
``StringTranslation``, ``save_target``), exactly like a translator in the admin, so the
demo's translations are synchronised translations that show up as up to date or out of
date. The overrides name fields and give their value in the target language with the
same shape as the source (the same blocks in the same order); their strings are paired
with the source's, field by field. Fields left out keep the source text. Both helpers
are idempotent: run twice, they change nothing the second time.
"""

from collections import defaultdict

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def _strings_by_field(segments, path_of, data_of):
    grouped = defaultdict(list)
    for segment in segments:
        grouped[path_of(segment).split(".")[0]].append(data_of(segment))
    return grouped


def translate(ctx, instance, locale_code, overrides, *, publish=True, user=None):
    """Create or update the ``locale_code`` translation of ``instance`` (a page or a
    translatable snippet) with the texts in ``overrides``; returns the translation."""

    if isinstance(instance, Page):
        instance = instance.specific
    locale = Locale.objects.get(language_code=locale_code)
    source, source_changed = TranslationSource.update_or_create_from_instance(instance)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )

    overrides = dict(overrides)
    if isinstance(instance, Page):
        overrides.setdefault("slug", instance.slug)  # same address unless given
    draft = source.as_instance()
    for field_name, value in overrides.items():
        setattr(draft, field_name, value)
        stream = getattr(draft, field_name)
        if hasattr(stream, "get_prep_value") and hasattr(stream, "raw_data"):
            stream.get_prep_value()  # gives new blocks their ids (segment paths need them)
    wanted = _strings_by_field(
        [s for s in extract_segments(draft) if isinstance(s, StringSegmentValue)],
        lambda segment: segment.path,
        lambda segment: segment.string.data,
    )
    source_segments = list(
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    have = _strings_by_field(source_segments, lambda s: s.context.path, lambda s: s)

    strings_changed = False
    for field_name in overrides:
        originals, texts = have.get(field_name, []), wanted.get(field_name, [])
        if len(originals) != len(texts):
            raise ValueError(
                f"{instance!r}.{field_name}: {len(texts)} strings given for "
                f"{len(originals)} in the source; keep the same blocks in the same order."
            )
        for segment, text in zip(originals, texts, strict=True):
            existing = StringTranslation.objects.filter(
                translation_of=segment.string, locale=locale, context=segment.context
            ).first()
            if existing and existing.data == text:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "has_error": False,
                    "field_error": "",
                },
            )
            strings_changed = True

    target = instance.get_translation_or_none(locale)
    missing = target is None or (
        isinstance(target, Page) and (target.alias_of_id or not target.live)
    )
    if created or source_changed or strings_changed or missing:
        with transaction.atomic():
            if isinstance(instance, Page):
                # Publish here, not on commit as wagtail-localize does, so the page is
                # live within the same run (and in tests, which never commit).
                translation.save_target(user=user, publish=False)
                if publish:
                    target = instance.get_translation(locale)
                    target.get_latest_revision().publish(user=user)
            else:
                translation.save_target(user=user, publish=True)
        ctx.log(f"translation {locale_code}: {instance}")
    return translation


def translate_page(ctx, page, locale_code, overrides, **kwargs):
    """``translate`` for a page; the translated page, refreshed."""
    translate(ctx, page, locale_code, overrides, **kwargs)
    return page.get_translation(Locale.objects.get(language_code=locale_code)).specific


def add_easy_read(ctx, page, blocks, *, user=None):
    """Give ``page`` an easy-read version unless it has one already, live or in a draft.

    The new revision starts from the newest one, so an editor's unpublished changes
    are kept; it is published only when the page was live without such changes (the
    demo never publishes someone else's draft).
    """
    page = page.specific
    page.refresh_from_db()  # the caller's copy may predate its last publish
    draft = page.get_latest_revision_as_object()
    if page.has_easy_read or draft.has_easy_read:
        return page
    publish = page.live and not page.has_unpublished_changes
    draft.easy_read = blocks
    revision = draft.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    ctx.log(f"easy-read version{'' if publish else ' (draft)'}: {page}")
    page.refresh_from_db()
    return page
