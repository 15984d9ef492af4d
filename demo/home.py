"""Demo content of the start page and the easy-read section, in four languages.

- the Dutch start page, with an easy-read version;
- "Eenvoudig uitgelegd" with three easy-read pages for families (one passed the test
  readers) and a glossary of difficult words;
- French, English and Arabic translations of all of it, made through wagtail-localize
  (``demo.translations``), and a review workflow for translations;
- the workflow "Eenvoudige taal nalezen" with the step "Nagelezen door testlezers".

Texts live in ``demo.home_texts``. Idempotent: looks everything up before creating it.
"""

from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from access import roles
from core.models import GlossaryTerm, TestReaderTask, passed_test_readers
from demo.accounts import add_child
from demo.home_texts import EASY_PAGES, GLOSSARY, GLOSSARY_TRANSLATIONS, HOME, SECTION
from demo.pictograms import add_pictograms, with_pictograms
from demo.translations import add_easy_read, translate, translate_page
from home.models import EasyReadIndexPage, EasyReadPage, HomePage

TRANSLATED_LANGUAGES = ("fr", "en", "ar")


def contact(name, role, phone, email, hours):
    return {"name": name, "role": role, "phone": phone, "email": email, "opening_hours": hours}


def home_body(t):
    return [
        ("heading", t["heading"]),
        ("paragraph", f"<p>{t['paragraph']}</p>"),
        ("good_to_know", {"text": t["good_to_know"]}),
    ]


def home_easy_read(ctx, t):
    return with_pictograms(
        ctx,
        [
            ("paragraph", {"text": t["easy_1"]}),
            ("paragraph", {"text": t["easy_2"]}),
            (
                "steps",
                {
                    "heading": t["easy_steps"],
                    "steps": [t["easy_step_1"], t["easy_step_2"], t["easy_step_3"]],
                },
            ),
            (
                "pictogram",
                {"image": "praten", "alt_text": t["easy_talk_alt"], "text": t["easy_talk"]},
            ),
            ("good_to_know", {"text": t["easy_know"]}),
            (
                "contact",
                contact(
                    t["contact_name"],
                    t["contact_role"],
                    "03 000 12 34",
                    "onthaal@sociaalhuis.example",
                    t["contact_hours"],
                ),
            ),
        ],
    )


def easy_page_body(ctx, t, texts):
    """The body of an easy-read page; ``texts`` are the page's texts in all languages."""
    return with_pictograms(
        ctx,
        [
            ("pictogram", {"image": texts["pictogram"], "alt_text": t["p1_alt"], "text": t["p1"]}),
            ("paragraph", {"text": t["p2"]}),
            ("steps", {"heading": t["steps"], "steps": [t["s1"], t["s2"], t["s3"]]}),
            ("good_to_know", {"text": t["know"]}),
            ("contact", contact(t["name"], t["role"], texts["phone"], texts["email"], t["hours"])),
        ],
    )


def build(ctx):
    home = build_home(ctx)
    ctx.homes["nl"] = home
    easy_read = home_easy_read(ctx, HOME["nl"])
    add_easy_read(ctx, home, easy_read)
    add_pictograms(ctx, home, "easy_read", easy_read)
    section, pages = build_easy_read_section(ctx, home)
    build_glossary(ctx)
    build_test_reader_workflow(ctx, section, pages[0])
    for code in TRANSLATED_LANGUAGES:
        t = HOME[code]
        ctx.homes[code] = translate_page(
            ctx,
            home,
            code,
            {
                "title": t["title"],
                "intro": t["intro"],
                "search_description": t["description"],
                "body": home_body(t),
                "easy_read": home_easy_read(ctx, t),
            },
        )
        translate_page(ctx, section, code, dict(SECTION[code]))
        for page in pages:
            texts = EASY_PAGES[page.slug]
            t = texts[code]
            translate_page(
                ctx,
                page,
                code,
                {
                    "title": t["title"],
                    "summary": t["summary"],
                    "body": easy_page_body(ctx, t, texts),
                },
            )
    build_translation_review_workflow(ctx)


def build_home(ctx):
    locale = Locale.get_default()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    t = HOME["nl"]
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page; replace it.
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(
            title=t["title"],
            slug="home",
            locale=locale,
            intro=t["intro"],
            body=home_body(t),
            search_description=t["description"],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.log("page home (nl)")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Netwerkportaal",
            root_page=home,
            is_default_site=True,
        )
        ctx.log("site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        ctx.log("site root")
    return home


def build_easy_read_section(ctx, home):
    t = SECTION["nl"]
    section = add_child(
        ctx,
        home,
        EasyReadIndexPage(
            title=t["title"], slug="eenvoudig-uitgelegd", intro=t["intro"], show_in_menus=True
        ),
    )
    pages = []
    for slug, texts in EASY_PAGES.items():
        t = texts["nl"]
        body = easy_page_body(ctx, t, texts)
        page = add_child(
            ctx,
            section,
            EasyReadPage(title=t["title"], slug=slug, summary=t["summary"], body=body),
        )
        pages.append(add_pictograms(ctx, page, "body", body))
    return section, pages


def build_glossary(ctx):
    locale = Locale.get_default()
    for term, (variants, explanation) in GLOSSARY.items():
        entry = GlossaryTerm.objects.filter(locale=locale, term=term).first()
        if entry is None:
            entry = GlossaryTerm.objects.create(
                locale=locale, term=term, variants=variants, explanation=explanation
            )
            ctx.log(f"glossary {term}")
        for code, (word, text) in GLOSSARY_TRANSLATIONS.get(term, {}).items():
            translate(ctx, entry, code, {"term": word, "explanation": text})


def _group_workflow(ctx, name, task_model, task_name, pages):
    """A one-step workflow approved by editors and coordinators, on ``pages``."""
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
        task = task_model.objects.create(name=task_name)
        task.groups.set(Group.objects.filter(name__in=[roles.REDACTEUR, roles.COORDINATOR]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        ctx.log(f"workflow {name}")
    for page in pages:
        if not WorkflowPage.objects.filter(page=page).exists():
            WorkflowPage.objects.create(page=page, workflow=workflow)
            ctx.log(f"workflow {name} on {page.url_path}")
    return workflow


def build_test_reader_workflow(ctx, section, reviewed_page):
    workflow = _group_workflow(
        ctx,
        "Eenvoudige taal nalezen",
        TestReaderTask,
        "Nagelezen door testlezers",
        [section],
    )
    page = reviewed_page.specific
    if passed_test_readers(page) is None and not page.workflow_in_progress:
        roles.ensure_roles()  # the new section's permissions for the editors
        reviewer = ctx.users.get("redacteur")
        page.save_revision(user=reviewer)
        state = workflow.start(page, reviewer)
        state.current_task_state.approve(
            user=reviewer, comment="Drie ouders van de werkgroep lazen mee en begrepen alles."
        )
        ctx.log(f"test readers: {page.url_path}")


def build_translation_review_workflow(ctx):
    homes = [ctx.homes[code] for code in TRANSLATED_LANGUAGES if code in ctx.homes]
    _group_workflow(
        ctx,
        "Vertaling nalezen",
        GroupApprovalTask,
        "Nagelezen door een redacteur",
        homes,
    )
