"""Demo content of the kennisbank: taxonomies, partners, methods and practices.

Three practices get an easy-read version (``demo.kennisbank_easy_read``).

Idempotent: terms are looked up by slug, pages by slug under the index, and an
easy-read version goes only to a page without one; the three sheets in
``kennisbank_sheets/`` go through the real importer, which recognises them on a second
run ("unchanged").
"""

import datetime
from pathlib import Path

from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from demo.accounts import add_child, child_by_slug
from demo.kennisbank_data import (
    KEYWORDS,
    METHOD_TYPES,
    METHODS,
    ORGANISATIONS,
    PRACTICES,
    TARGET_GROUPS,
    THEMES,
)
from demo.kennisbank_easy_read import PRACTICE_EASY_READ
from demo.pictograms import add_pictograms, with_pictograms
from demo.translations import add_easy_read
from kennisbank.importer.store import CREATED, FAILED, import_file
from kennisbank.models import (
    KennisbankIndexPage,
    MethodPage,
    MethodType,
    Organisation,
    PracticeObstacle,
    PracticePage,
    PracticeTip,
    TargetGroup,
    Theme,
)

SHEETS = Path(__file__).parent / "kennisbank_sheets"

INDEX_INTRO = (
    "Hoe betrek je mensen in armoede echt bij je werking? Hier vind je methodes die "
    "werken, voorbeelden uit de gemeenten van de regio en de tips van collega's die het "
    "al deden. Filter op thema, doelgroep of gemeente."
)

INVOLVEMENT = (
    "<p>De methode is samen met leden van De Brug, vereniging waar armen het woord "
    "nemen, uitgeschreven. Twee ervaringsdeskundigen lazen de tekst na en vulden de tips "
    "aan met wat zij zelf belangrijk vonden.</p>"
)


def _term(ctx, model, locale, slug, defaults):
    term = model.objects.filter(locale=locale, slug=slug).first()
    if term is None:
        term = model.objects.create(locale=locale, slug=slug, **defaults)
        ctx.log(f"{model._meta.verbose_name} {slug}")
    return term


def build_taxonomy(ctx, locale):
    themes = {
        slug: _term(
            ctx,
            Theme,
            locale,
            slug,
            {"name": name, "description": text, "keywords": KEYWORDS.get(slug, "")},
        )
        for slug, name, text in THEMES
    }
    groups = {
        slug: _term(
            ctx, TargetGroup, locale, slug, {"name": name, "keywords": KEYWORDS.get(slug, "")}
        )
        for slug, name in TARGET_GROUPS
    }
    types = {
        slug: _term(ctx, MethodType, locale, slug, {"name": name}) for slug, name in METHOD_TYPES
    }
    organisations = {}
    for slug, values in ORGANISATIONS.items():
        name, kind, municipality, offer, contact, role, email, phone = values
        organisations[slug] = _term(
            ctx,
            Organisation,
            locale,
            slug,
            {
                "name": name,
                "kind": kind,
                "municipality": municipality,
                "offer": offer,
                "contact_name": contact,
                "contact_role": role,
                "email": email,
                "phone": phone,
            },
        )
    return themes, groups, types, organisations


def _review(days):
    return None if days is None else timezone.localdate() + datetime.timedelta(days=days)


def build(ctx):
    home = ctx.homes["nl"]
    locale = Locale.get_default()
    editor = ctx.users.get("redacteur")
    themes, groups, types, organisations = build_taxonomy(ctx, locale)

    index = child_by_slug(home, "kennisbank")
    if index is None:
        index = add_child(
            ctx,
            home,
            KennisbankIndexPage(
                title="Kennisbank",
                slug="kennisbank",
                intro=INDEX_INTRO,
                show_in_menus=True,
                search_description="Methodes, praktijkvoorbeelden en tips om mensen in "
                "armoede te betrekken.",
                owner=editor,
            ),
        )

    methods = {}
    for position, (slug, values) in enumerate(METHODS.items()):
        title, lead, theme_slugs, type_slugs, evidence, users, steps = values
        method = child_by_slug(index, slug)
        if method is None:
            method = MethodPage(
                title=title,
                slug=slug,
                lead=lead,
                evidence_level=evidence,
                involvement=INVOLVEMENT if position % 2 == 0 else "",
                review_date=_review(-10 if position == 3 else 180 + position * 20),
                owner=editor,
                body=[
                    ("paragraph", RichText(f"<p>{lead}</p>")),
                    ("steps", {"heading": "Zo pak je het aan", "steps": steps}),
                ],
            )
            method.themes = [themes[s] for s in theme_slugs]
            method.method_types = [types[s] for s in type_slugs]
            method.used_by = [organisations[s] for s in users]
            method = add_child(ctx, index, method)
        methods[slug] = method

    for slug, data in PRACTICES.items():
        if child_by_slug(index, slug) is not None:
            continue
        name, role, email = data["contact"]
        practice = PracticePage(
            title=data["title"],
            slug=slug,
            lead=data["lead"],
            municipality=data["municipality"],
            organisation=organisations[data["organisation"]],
            goal=f"<p>{data['goal']}</p>",
            reach=f"<p>{data['reach']}</p>",
            side_effect_target_group=f"<p>{data['target']}</p>",
            side_effect_partners=f"<p>{data['partners']}</p>",
            contact_name=name,
            contact_role=role,
            contact_email=email,
            contact_phone=data["phone"],
            evidence_level=data["evidence"],
            review_date=_review(data["review"]),
            audience=data.get("audience", "public"),
            involvement=INVOLVEMENT if data["evidence"] == "proven" else "",
            owner=editor,
        )
        practice.themes = [themes[s] for s in data["themes"]]
        practice.target_groups = [groups[s] for s in data["groups"]]
        practice.method_types = [types[s] for s in data["types"]]
        practice.methods = [methods[s] for s in data["methods"]]
        practice.used_by = [organisations[s] for s in data["used_by"]]
        practice.tips = [PracticeTip(text=t, sort_order=i) for i, t in enumerate(data["tips"])]
        practice.obstacles = [
            PracticeObstacle(text=t, sort_order=i) for i, t in enumerate(data["obstacles"])
        ]
        add_child(ctx, index, practice)

    # After the pages, not in them: a database loaded before these texts existed gets
    # them too.
    for slug, blocks in PRACTICE_EASY_READ.items():
        practice = child_by_slug(index, slug)
        if practice is not None:
            easy_read = with_pictograms(ctx, blocks)
            add_easy_read(ctx, practice, easy_read, user=editor)
            add_pictograms(ctx, practice, "easy_read", easy_read, user=editor)

    import_demo_sheets(ctx, index, editor)


def import_demo_sheets(ctx, index, editor):
    """The sheets in kennisbank_sheets/ go through the importer, as an editor's would."""
    for path in sorted(SHEETS.iterdir()):
        if path.suffix.lower() not in (".txt", ".md", ".docx", ".odt"):
            continue
        result = import_file(path, index, publish=True, user=editor)
        if result.status == CREATED:
            ctx.log(f"imported sheet {path.name} -> {result.url}")
            page = PracticePage.objects.child_of(index).get(title=result.message)
            page.review_date = _review(150)
            # The demo's editor has checked the terms the importer proposed.
            page.classification_to_confirm = False
            page.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
        elif result.status == FAILED:
            ctx.stdout.write(f"  ! demo sheet {path.name}: {result.message}")
