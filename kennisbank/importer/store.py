"""Save a parsed sheet as a PracticePage: create it, or update the page with the same
title under the same parent, through Wagtail's page actions (``add_child``,
``save_revision``, ``revision.publish``). Each file in its own transaction, or its own
savepoint in a run's short transactions (see ``import_file`` and ``import_files``);
the site search's work per file or per run (see ``indexing``)."""

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

from core.models import PortalImage
from easyread import freshness
from kennisbank.models import (
    MethodPage,
    Organisation,
    PracticeObstacle,
    PracticePage,
    PracticeTip,
    TargetGroup,
    Theme,
)
from kennisbank.models.fields import title_key

from .indexing import lookup
from .parser import SheetError, blocks_to_html
from .readers import read_sheet
from .suggest import suggest

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


@dataclass
class ImportResult:
    path: Path
    status: str
    url: str = "-"
    message: str = ""
    warnings: list = field(default_factory=list)
    page: object = field(default=None, repr=False)
    stored_files: list = field(default_factory=list, repr=False)
    image_name: str = ""  # the photo the sheet names
    # {relation: terms} the importer proposed for a sheet without classification
    # lines (empty lists when its words match no term); None when it proposed nothing.
    suggestions: dict | None = None


class _RollBack(Exception):
    def __init__(self, result):
        self.result = result


def import_file(path, parent, *, publish=False, dry_run=False, user=None):
    """Import one sheet file under ``parent``. Never raises for a bad file: the
    result says ``failed`` and why, and nothing of that file is kept."""
    path = Path(path)
    try:
        sheet = read_sheet(path)
    except SheetError as error:
        return ImportResult(path, FAILED, message=str(error))
    except OSError as error:
        return ImportResult(
            path, FAILED, message=_("Kan het bestand niet lezen: %s") % error.strerror
        )
    stored_files = []
    try:
        with transaction.atomic():
            result = _save(sheet, path, parent, publish, dry_run, user, stored_files)
            if dry_run:
                raise _RollBack(result)
    except _RollBack as rollback:
        return rollback.result
    except BaseException as error:  # a stop (Ctrl-C) too: the sheet's photo goes
        _delete(stored_files)
        if not isinstance(error, (ValidationError, DatabaseError, ValueError)):
            raise
        return _failed(path, error)
    result.stored_files = stored_files
    return result


# A run commits its sheets in groups: a commit per sheet cost SQLite about 7% of the
# run's time, and PostgreSQL a flush to disk each. A group ends after this many sheets
# or seconds, so the write lock (SQLite's is the whole database) is never held long by
# an import while people use the portal.
GROUP_SHEETS = 25
GROUP_SECONDS = 0.5


def import_files(paths, parent, *, publish=False, dry_run=False, user=None):
    """Import many sheets; yields each file's result once its group is committed.

    Each sheet is saved in a savepoint of its group's transaction, so a bad sheet is
    rolled back alone, as with ``import_file``. When the commit of a group fails, none
    of its sheets was saved: each is reported failed (with the reason) and the images
    stored for them are deleted. Nothing is reported saved before it is committed."""
    paths = iter(paths)
    while True:
        group = []
        committed = []
        try:
            with transaction.atomic():
                # The first of the group's commit hooks: it runs only if the commit did.
                transaction.on_commit(partial(committed.append, True))
                started = time.monotonic()
                for path in paths:
                    group.append(
                        import_file(path, parent, publish=publish, dry_run=dry_run, user=user)
                    )
                    if len(group) >= GROUP_SHEETS or time.monotonic() - started >= GROUP_SECONDS:
                        break
        except BaseException as error:  # a stop (Ctrl-C) too: the group's photos go
            if committed:  # saved; what failed ran after the commit
                yield from group
                raise
            for result in group:
                _delete(result.stored_files)
            if not isinstance(error, DatabaseError):
                raise
            group = [_failed(result.path, error) for result in group]
        if not group:
            return
        yield from group


def _delete(stored_files):
    for stored in stored_files:
        stored.storage.delete(stored.name)


def _failed(path, error):
    reason = "; ".join(getattr(error, "messages", None) or [str(error)])
    return ImportResult(path, FAILED, message=_("Niet opgeslagen: %s") % reason[:300])


def _find_existing(parent, title):
    """The practice under ``parent`` whose live or draft title is this title, ignoring
    case: an indexed lookup of the case-folded key (``TitleKeyField``) over all
    practices, then the parent and the full titles of the few candidates checked here
    (keys are cut at 255 characters). Limited to the parent's branch in SQL, PostgreSQL
    could choose to walk the whole branch instead of the key's index (3,000 pages, 8 ms
    a sheet, with statistics not yet up to date after a bulk load)."""
    wanted = title.casefold()
    key = title_key(title)
    candidates = (
        PracticePage.objects.filter(Q(title_key=key) | Q(draft_title_key=key))
        .order_by("path")
        .values_list("pk", "path", "depth", "title", "draft_title")
    )
    for pk, path, depth, live_title, draft_title in candidates:
        below = depth == parent.depth + 1 and path.startswith(parent.path)
        if below and wanted in (live_title.casefold(), (draft_title or "").casefold()):
            return PracticePage.objects.get(pk=pk)
    return None


def _save(sheet, path, parent, publish, dry_run, user, stored_files):
    warnings = []
    fingerprint = sheet.fingerprint()
    existing = _find_existing(parent, sheet.title)
    if existing and existing.import_fingerprint == fingerprint:
        return ImportResult(path, UNCHANGED, existing.get_url() or "-", sheet.title, page=existing)

    if existing:
        page = existing.get_latest_revision_as_object()
    else:
        page = PracticePage(title=sheet.title, locale=parent.locale, live=False, owner=user)
    _fill_fields(page, sheet)
    page.import_fingerprint = fingerprint
    # Tips and obstacles are translatable: given the page's locale here, wagtail's
    # pre_save does not read the page from the database for each of them to find it.
    locale = parent.locale
    children = {
        "tips": [
            PracticeTip(text=text, sort_order=i, locale=locale) for i, text in enumerate(sheet.tips)
        ],
        "obstacles": [
            PracticeObstacle(text=text, sort_order=i, locale=locale)
            for i, text in enumerate(sheet.obstacles)
        ],
    }
    links = _classification(page, sheet, parent, warnings)
    suggestions = None
    if not links and not (existing and _classified(existing)):
        suggestions = suggest(sheet, parent)
        links = {name: terms for name, terms in suggestions.items() if terms}
        page.classification_to_confirm = bool(links)

    if sheet.image_name:
        image = _image(path.parent, sheet, dry_run, stored_files, warnings)
        if image:
            page.image = image

    if existing:
        for name, objects in children.items():
            setattr(page, name, objects)
        for name, objects in links.items():
            getattr(page, name).set(objects)
        status = UPDATED
    else:
        page.slug = _free_slug(parent, slugify(sheet.title)[:200] or "praktijk")
        parent.add_child(instance=page)
        _insert_children(page, children, links)
        freshness.unchanged_since_save(page)
        status = CREATED
    # A new page was validated by add_child a moment ago; an update is validated here.
    revision = page.save_revision(user=user, log_action=True, clean=status == UPDATED)
    if publish and page.classification_to_confirm:
        warnings.append(_("niet gepubliceerd: kijk eerst de voorgestelde indeling na"))
    elif publish:
        revision.publish(user=user, skip_permission_checks=True)
    if status == UPDATED:  # a new page's url_path was set by add_child
        page.refresh_from_db(fields=["url_path"])
    url = "-" if dry_run else (page.get_url() or "-")
    return ImportResult(
        path,
        status,
        url,
        sheet.title,
        warnings,
        page=page,
        image_name=sheet.image_name,
        suggestions=suggestions,
    )


def _classified(page):
    """True when the page has a theme, target group or method already (chosen by an
    editor, or by an earlier import): a re-import never replaces it by suggestions."""
    return any(getattr(page, name).exists() for name in ("themes", "target_groups", "methods"))


def _fill_fields(page, sheet):
    """The page's own fields from the sheet, cut to their database lengths."""
    page.title = sheet.title
    page.draft_title = sheet.title
    page.lead = sheet.lead_text
    page.municipality = sheet.municipality[:120]
    page.goal = blocks_to_html(sheet.goal)
    page.reach = blocks_to_html(sheet.reach)
    page.side_effect_target_group = blocks_to_html(sheet.side_effect_target_group)
    page.side_effect_partners = blocks_to_html(sheet.side_effect_partners)
    page.side_effect_other = blocks_to_html(sheet.side_effect_other)
    page.contact_name = sheet.contact.name[:120]
    page.contact_role = sheet.contact.role[:160]
    page.contact_email = sheet.contact.email
    page.contact_phone = sheet.contact.phone[:40]
    page.image_credit = sheet.image_credit[:255]
    page.extra_sections = [
        (
            "section",
            {"heading": section.heading[:120], "text": RichText(blocks_to_html(section.blocks))},
        )
        for section in sheet.extra_sections
    ]


def _classification(page, sheet, parent, warnings):
    """The sheet's organisation (set on ``page``) and its themes, target groups and
    methods ({relation: terms}); a name the portal does not know is a warning."""
    locale = parent.locale
    links = {}
    if sheet.organisation:
        organisation = _term(Organisation, sheet.organisation, locale)
        if organisation:
            page.organisation = organisation
        else:
            warnings.append(_("organisatie '%s' bestaat niet") % sheet.organisation)
    for attribute, model, names in (
        ("themes", Theme, sheet.themes),
        ("target_groups", TargetGroup, sheet.target_groups),
    ):
        if names:
            terms = []
            for name in names:
                term = _term(model, name, locale)
                if term:
                    terms.append(term)
                else:
                    warnings.append(
                        _("%(kind)s '%(name)s' bestaat niet")
                        % {"kind": model._meta.verbose_name, "name": name}
                    )
            links[attribute] = terms
    if sheet.methods:
        methods = []
        for name in sheet.methods:
            method = lookup(
                (MethodPage, parent.pk, name),
                lambda name=name: (
                    MethodPage.objects.child_of(parent)
                    .filter(Q(title__iexact=name) | Q(slug=slugify(name)))
                    .first()
                ),
            )
            if method:
                methods.append(method)
            else:
                warnings.append(_("methode '%s' staat niet in de kennisbank") % name)
        links["methods"] = methods
    return links


def _insert_children(page, children, links):
    """The tips, obstacles and links of a page ``add_child`` has just inserted, each
    kind in one INSERT. Given to the page before ``add_child``, modelcluster would
    first read each (empty) relation and then insert the rows one by one. The rows are
    the same; the signals they would send are sent by the page's own saves in this
    transaction (the site's content version, the search index), and the revision
    that follows reads them back as Wagtail does."""
    for name, objects in children.items():
        for item in objects:
            item.page = page
        type(page)._meta.get_field(name).related_model.objects.bulk_create(objects)
    for name, objects in links.items():
        field = type(page)._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
            for item in dict.fromkeys(objects)
        )


def _term(model, name, locale):
    return lookup(
        (model, locale.pk, name),
        lambda: (
            model.objects.filter(locale=locale)
            .filter(Q(name__iexact=name) | Q(slug=slugify(name)))
            .first()
        ),
    )


def _free_slug(parent, base):
    """``base``, or ``base-2``, ``base-3``, …: the first slug no sibling has. Only the
    candidates are looked up (indexed), never every sibling's slug."""
    siblings = parent.get_children()
    slug, number = base, 2
    while siblings.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _image(folder, sheet, dry_run, stored_files, warnings):
    """The sheet's image: a file with that name beside the sheet (any case). The same
    file imported twice is stored once (matched by its content hash)."""
    wanted = sheet.image_name.lower()
    candidates = (
        [p for p in folder.iterdir() if p.name.lower() == wanted] if folder.is_dir() else []
    )
    if not candidates:
        warnings.append(_("afbeelding '%s' niet gevonden naast de fiche") % sheet.image_name)
        return None
    with candidates[0].open("rb") as handle:
        file_hash = hash_filelike(handle)
    image = PortalImage.objects.filter(file_hash=file_hash).first()
    if image or dry_run:
        return image
    if not is_photo(candidates[0]):
        warnings.append(_("afbeelding '%s' is geen geldige foto") % sheet.image_name)
        return None
    image = PortalImage(
        title=Path(sheet.image_name).stem.replace("-", " ").replace("_", " "),
        credit=sheet.image_credit[:255],
        alt_text=sheet.lead[0][:255] if sheet.lead else "",
    )
    with candidates[0].open("rb") as handle:
        # The size and content hash, as Wagtail's own upload form records them.
        image.file = File(handle, name=candidates[0].name)
        image.file_size = image.file.size
        image.file_hash = file_hash
        image.save()
    stored_files.append(image.file)
    return image


def is_photo(path):
    """True when the file at ``path`` is an image Pillow can read whole (not damaged,
    not a decompression bomb)."""
    try:
        with PILImage.open(path) as probe:
            probe.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return False
    return True
