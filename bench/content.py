"""The kennisbank part of the benchmark portal: taxonomy, methods, practices with their
tips and obstacles, partner-only restrictions. Everything in bulk (see ``bench.tree``).
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText

from access import roles
from bench import text
from bench.tree import bulk_add_children
from kennisbank.models import (
    KennisbankIndexPage,
    KennisbankPage,
    MethodPage,
    MethodType,
    Organisation,
    PracticeObstacle,
    PracticePage,
    PracticeTip,
    TargetGroup,
    Theme,
)

PARTNERS_ONLY_SHARE = 0.1


def home_page():
    from home.models import HomePage

    return HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()


def kennisbank_index():
    """The Dutch kennisbank of the demo, or a new one at /nl/kennisbank/."""
    home = home_page()
    index = KennisbankIndexPage.objects.child_of(home).filter(locale=home.locale).first()
    if index:
        return index
    index = KennisbankIndexPage(
        title="Kennisbank",
        slug="kennisbank",
        intro="Methodes en praktijkvoorbeelden om mensen in armoede echt te betrekken.",
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def ensure_terms(model, names, locale):
    """Terms by slug (the demo may have made some already)."""
    existing = {t.slug: t for t in model.objects.filter(locale=locale)}
    new = [
        model(name=name, slug=slug, locale=locale) for name, slug in names if slug not in existing
    ]
    model.objects.bulk_create(new)
    return list(model.objects.filter(locale=locale))


def ensure_organisations(writer, count, locale):
    existing = {o.slug for o in Organisation.objects.filter(locale=locale)}
    new = []
    number = 0
    while len(existing) < count:
        kind, kind_value = text.ORGANISATION_KINDS[number % len(text.ORGANISATION_KINDS)]
        place = text.MUNICIPALITIES[(number // len(text.ORGANISATION_KINDS)) % 43]
        round_ = number // (len(text.ORGANISATION_KINDS) * len(text.MUNICIPALITIES))
        name = f"{kind} {place}" + (f" {round_ + 1}" if round_ else "")
        number += 1
        slug = slugify(name)[:120]
        if slug in existing:
            continue
        existing.add(slug)
        first, last = writer.person().split(" ", 1)
        new.append(
            Organisation(
                name=name,
                slug=slug,
                locale=locale,
                kind=kind_value,
                offer=writer.paragraph(text.GOAL, 1, 2, place),
                contact_name=f"{first} {last}",
                contact_role=writer.pick(text.ROLES),
                email=f"{slugify(first)}@{slug}.example",
                phone=writer.phone(),
                municipality=place,
            )
        )
    Organisation.objects.bulk_create(new)
    return list(Organisation.objects.filter(locale=locale))


class UniqueTitles:
    def __init__(self):
        self.seen = {}

    def __call__(self, title):
        count = self.seen.get(title, 0) + 1
        self.seen[title] = count
        return title if count == 1 else f"{title} ({count})"


def _published(rng, now):
    return now - datetime.timedelta(days=rng.randint(0, 5 * 365), minutes=rng.randint(0, 1440))


def build_methods(writer, index, count, now):
    rng = writer.rng
    unique = UniqueTitles()
    taken = set(index.get_children().values_list("slug", flat=True))
    pages = []
    for number in range(count):
        base = text.METHOD_NAMES[number % len(text.METHOD_NAMES)]
        title = unique(
            base
            if number < len(text.METHOD_NAMES)
            else f"{base} in {writer.pick(text.MUNICIPALITIES)}"
        )
        slug = slugify(title)[:60]
        if slug in taken:
            slug = f"{slug}-m{number}"
        taken.add(slug)
        published = _published(rng, now)
        pages.append(
            MethodPage(
                title=title,
                slug=slug,
                first_published_at=published,
                lead=writer.paragraph(text.LEAD, 1, 2),
                involvement=writer.html(text.INVOLVEMENT, 1, 2),
                evidence_level=rng.choice(["emergent", "promising", "proven"]),
                body=[
                    ("paragraph", RichText(writer.html(text.METHOD_BODY, 2, 4))),
                    (
                        "steps",
                        {
                            "heading": "Zo pak je het aan",
                            "steps": writer.sentences(text.TIPS, 3, 5),
                        },
                    ),
                ],
            )
        )
    return bulk_add_children(index, pages)


def build_practices(writer, index, count, now, organisations):
    rng = writer.rng
    unique = UniqueTitles()
    taken = set(index.get_children().values_list("slug", flat=True))
    pages = []
    for number in range(count):
        place = writer.pick(text.MUNICIPALITIES)
        title = unique(writer.practice_title(place))
        slug = f"{slugify(title)[:60]}-{number}"
        if slug in taken:
            slug = f"{slug}-p"
        taken.add(slug)
        goal = writer.html(text.GOAL, 2, 3, place)
        if number % text.RARE_EVERY == 0:
            goal += f"<p>Wie geen plek vindt, kan terecht in de {text.RARE_WORD} van {place}.</p>"
        person = writer.person()
        audience = "partners" if rng.random() < PARTNERS_ONLY_SHARE else "public"
        pages.append(
            PracticePage(
                title=title,
                slug=slug,
                first_published_at=_published(rng, now),
                audience=audience,
                lead=writer.paragraph(text.LEAD, 1, 2, place),
                involvement=writer.html(text.INVOLVEMENT, 1, 1),
                evidence_level=rng.choice(["emergent", "promising", "proven"]),
                organisation=rng.choice(organisations),
                municipality=place,
                goal=goal,
                reach=writer.html(text.REACH, 1, 2, place),
                side_effect_target_group=writer.html(text.SIDE_TARGET, 1, 2),
                side_effect_partners=writer.html(text.SIDE_PARTNERS, 1, 2),
                contact_name=person,
                contact_role=writer.pick(text.ROLES),
                contact_email=f"{slugify(person).replace('-', '.')}@{slugify(place)}.example",
                contact_phone=writer.phone(),
            )
        )
    return bulk_add_children(index, pages)


def link_taxonomy(writer, pages, methods, terms):
    """Themes, target groups, method types, users and methods of each page."""
    rng = writer.rng
    rows = {"themes": [], "target_groups": [], "method_types": [], "used_by": []}
    method_rows = []
    spec = {
        "themes": (terms["themes"], 1, 3),
        "target_groups": (terms["target_groups"], 1, 2),
        "method_types": (terms["method_types"], 0, 2),
        "used_by": (terms["organisations"], 0, 2),
    }
    for page in pages:
        for relation, (choices, low, high) in spec.items():
            through = KennisbankPage._meta.get_field(relation).remote_field.through
            target = KennisbankPage._meta.get_field(relation).m2m_reverse_field_name()
            for term in rng.sample(choices, rng.randint(low, high)):
                rows[relation].append(
                    through(kennisbankpage_id=page.id, **{f"{target}_id": term.pk})
                )
        if isinstance(page, PracticePage) and methods:
            for method in rng.sample(methods, rng.randint(1, min(3, len(methods)))):
                method_rows.append(
                    PracticePage.methods.through(practicepage_id=page.id, methodpage_id=method.id)
                )
    for relation, objects in rows.items():
        through = KennisbankPage._meta.get_field(relation).remote_field.through
        through.objects.bulk_create(objects, batch_size=2000)
    PracticePage.methods.through.objects.bulk_create(method_rows, batch_size=2000)


def add_tips_and_obstacles(writer, practices, locale):
    rng = writer.rng
    tips, obstacles = [], []
    for page in practices:
        for position, sentence in enumerate(writer.sentences(text.TIPS, 2, 5, page.municipality)):
            tips.append(
                PracticeTip(page_id=page.id, text=sentence, sort_order=position, locale=locale)
            )
        for position, sentence in enumerate(writer.sentences(text.OBSTACLES, 1, 3)):
            obstacles.append(
                PracticeObstacle(page_id=page.id, text=sentence, sort_order=position, locale=locale)
            )
        rng.random()
    PracticeTip.objects.bulk_create(tips, batch_size=2000)
    PracticeObstacle.objects.bulk_create(obstacles, batch_size=2000)
    return len(tips)


def restrict_to_partners(pages):
    """The view restriction ``access.signals`` would add for ``audience="partners"``."""
    restricted = [p for p in pages if getattr(p, "audience", "public") == "partners"]
    if not restricted:
        return 0
    groups = [Group.objects.get_or_create(name=n)[0] for n in (roles.PARTNER, roles.COORDINATOR)]
    restrictions = PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(page_id=p.id, restriction_type=PageViewRestriction.GROUPS)
            for p in restricted
        ],
        batch_size=1000,
    )
    through = PageViewRestriction.groups.through
    through.objects.bulk_create(
        [through(pageviewrestriction_id=r.pk, group_id=g.pk) for r in restrictions for g in groups],
        batch_size=2000,
    )
    return len(restricted)


def build_kennisbank(rng: random.Random, practices: int, methods: int | None = None):
    """Add ``practices`` practices (and methods in proportion) to the kennisbank."""
    writer = text.Writer(rng)
    locale = Locale.get_default()
    now = timezone.now()
    index = kennisbank_index()
    terms = {
        "themes": ensure_terms(Theme, text.THEMES, locale),
        "target_groups": ensure_terms(TargetGroup, text.TARGET_GROUPS, locale),
        "method_types": ensure_terms(MethodType, text.METHOD_TYPES, locale),
        "organisations": ensure_organisations(writer, 40 + practices // 100, locale),
    }
    if methods is None:
        methods = max(8, practices // 25) if practices else 0
    method_pages = build_methods(writer, index, methods, now)
    all_methods = method_pages or list(MethodPage.objects.child_of(index))
    practice_pages = build_practices(writer, index, practices, now, terms["organisations"])
    link_taxonomy(writer, method_pages + practice_pages, all_methods, terms)
    tip_count = add_tips_and_obstacles(writer, practice_pages, locale)
    restricted = restrict_to_partners(method_pages + practice_pages)
    return {
        "index": index,
        "methods": len(method_pages),
        "practices": len(practice_pages),
        "practice_ids": [p.id for p in practice_pages],
        "tips": tip_count,
        "partners_only": restricted,
        "pages_total": Page.objects.count(),
    }
