"""Demo content of the working groups (``manage.py load_demo``). Idempotent: every
page, document and item is looked up before it is made.

Under /nl/werkgroepen/: three spaces. "Participatie" is led by ``trekker`` with
``lid`` as member; "Drempels naar hulp" is led by the coordinator with ``partner`` as
member; "Samen met scholen" has only the coordinator. ``buitenstaander`` is in none.
Each space gets meetings (past and upcoming), real small PDF and DOCX files and
input items; the start page gets a public feedback page in easy-read Dutch.
"Participatie" also shows taking part: an open poll, a closed anonymous poll with
its results, actions (one overdue), a conversation on a meeting, and answers sent
through invitation links. ``participant_link`` gives ``load_demo`` an open
invitation link to print.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from demo.accounts import DEMO_ACCOUNTS, add_child, child_by_slug
from demo.pictograms import add_pictograms, with_pictograms
from demo.samplefiles import make_docx, make_pdf
from kennisbank.models import Theme
from werkgroepen import comments, documents, invitations, notifications, polls
from werkgroepen.models import (
    Action,
    Comment,
    ConsentText,
    FeedbackPage,
    InputItem,
    Invitation,
    MeetingDocument,
    MeetingPage,
    MemberProfile,
    Poll,
    PollOption,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

INDEX_INTRO = (
    "In de werkgroepen bereiden partners en mensen met ervaring in armoede samen acties "
    "voor. Elke werkgroep heeft een eigen, besloten ruimte voor vergaderingen, documenten "
    "en wat deelnemers inbrengen."
)

SPACES = [
    {
        "slug": "participatie",
        "title": "Participatie",
        "purpose": (
            "<p>We zoeken hoe gezinnen in armoede echt mee beslissen over de hulp in onze "
            "regio: van de inschrijving bij het sociaal huis tot de gezinnendag. We "
            "vertrekken van wat gezinnen zelf vertellen en koppelen altijd terug.</p>"
        ),
        "leads": ["trekker"],
        "members": ["lid"],
    },
    {
        "slug": "drempels-naar-hulp",
        "title": "Drempels naar hulp",
        "purpose": (
            "<p>We brengen in kaart waar gezinnen vastlopen als ze hulp zoeken: brieven, "
            "wachttijden, loketten die niet samenwerken. Daarna stellen we samen "
            "oplossingen voor aan de partners.</p>"
        ),
        "leads": ["coordinator"],
        "members": ["partner"],
    },
    {
        "slug": "samen-met-scholen",
        "title": "Samen met scholen",
        "purpose": (
            "<p>Verborgen schoolkosten en de drempel naar het oudercontact: met directies, "
            "brugfiguren en ouders zoeken we wat scholen kunnen doen.</p>"
        ),
        "leads": ["coordinator"],
        "members": [],
    },
]

THEMES = [
    ("toegang-tot-hulp", "Toegang tot hulp"),
    ("samenwerking", "Samenwerking tussen diensten"),
    ("hulp-op-maat", "Hulp op maat"),
]


def _at(days, hour=19, minute=0):
    moment = timezone.localtime() + timezone.timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _profiles(ctx):
    for username, (_first, _last, organisation, _roles, _superuser) in DEMO_ACCOUNTS.items():
        user = ctx.users.get(username)
        if user is not None:
            MemberProfile.objects.get_or_create(user=user, defaults={"organisation": organisation})


def _index(ctx):
    home = ctx.homes["nl"]
    return add_child(
        ctx,
        home,
        WorkingGroupIndexPage(
            title="Werkgroepen",
            slug="werkgroepen",
            intro=INDEX_INTRO,
            show_in_menus=True,
            search_description="De besloten ruimtes van de werkgroepen van het netwerk.",
        ),
    )


def _space(ctx, index, spec):
    space = add_child(
        ctx,
        index,
        WorkingGroupPage(title=spec["title"], slug=spec["slug"], purpose=spec["purpose"]),
    )
    for username in spec["members"] + spec["leads"]:
        user = ctx.users[username]
        if not user.groups.filter(pk=space.member_group_id).exists():
            user.groups.add(space.member_group)
    for username in spec["leads"]:
        user = ctx.users[username]
        if not user.groups.filter(pk=space.lead_group_id).exists():
            user.groups.add(space.lead_group)
    return space


def _document(ctx, space, title, filename, data, uploader, tags=(), description=""):
    Document = get_document_model()
    existing = Document.objects.filter(collection_id=space.collection_id, title=title).first()
    if existing:
        return existing, False
    document = documents.create_document(
        space,
        SimpleUploadedFile(filename, data),
        uploader,
        title=title,
        description=description,
        tags=list(tags),
    )
    ctx.log(f"document {title}")
    return document, True


def _meeting(ctx, space, slug, **fields):
    existing = child_by_slug(space, slug)
    if existing:
        return existing
    attached = fields.pop("attached", [])
    attendees = fields.pop("attendees_list", [])
    meeting = MeetingPage(
        slug=slug,
        attendees=attendees,
        meeting_documents=[MeetingDocument(document=document) for document in attached],
        **fields,
    )
    return add_child(ctx, space, meeting)


def _themes():
    locale = Locale.get_default()
    themes = list(Theme.objects.filter(locale=locale).order_by("pk")[:3])
    for slug, name in THEMES[len(themes) :]:
        theme, _created = Theme.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name}
        )
        themes.append(theme)
    return themes


def _item(ctx, space, text, **fields):
    existing = InputItem.objects.filter(space=space, text=text).first()
    if existing:
        return existing
    item = InputItem(space=space, text=text, locale=Locale.get_default(), **fields)
    item.full_clean()
    item.save()
    ctx.log(f"input item {text[:30]}…")
    return item


def _participatie(ctx, space):
    trekker, lid = ctx.users["trekker"], ctx.users["lid"]
    report, _ = _document(
        ctx,
        space,
        "Verslag startvergadering",
        "verslag-startvergadering.pdf",
        make_pdf(
            "Verslag startvergadering werkgroep Participatie",
            [
                "Aanwezig: acht deelnemers, onder wie drie ouders met ervaring in armoede.",
                "We spraken af dat elke vergadering start met een rondje: wat heb je de "
                "voorbije weken meegemaakt met diensten en loketten?",
                "Ouders vertelden dat brieven van het sociaal huis moeilijk te begrijpen "
                "zijn en dat ze niet weten bij wie ze terecht kunnen met vragen.",
                "Afspraak: de trekker bundelt de voorbeelden en legt ze voor aan de "
                "stuurgroep van het netwerk.",
            ],
        ),
        trekker,
        tags=["verslag"],
        description="Wat we afspraken op de eerste vergadering.",
    )
    invitation, created = _document(
        ctx,
        space,
        "Uitnodiging gezinnendag",
        "uitnodiging-gezinnendag.docx",
        make_docx(
            "Uitnodiging gezinnendag",
            [
                "Zaterdag is er een gezinnendag in het buurthuis. Iedereen is welkom.",
                "Er is soep, een springkasteel en een hoek om rustig te praten.",
            ],
        ),
        lid,
        tags=["gezinnendag"],
    )
    if created:
        documents.add_version(
            invitation,
            SimpleUploadedFile(
                "uitnodiging-gezinnendag-v2.docx",
                make_docx(
                    "Uitnodiging gezinnendag",
                    [
                        "Zaterdag is er een gezinnendag in het buurthuis De Brug. "
                        "Iedereen is welkom, ook broers, zussen en grootouders.",
                        "Er is soep, een springkasteel en een hoek om rustig te praten.",
                        "Je hoeft niets te betalen. Je hoeft je niet in te schrijven.",
                    ],
                ),
            ),
            trekker,
        )
    past = _meeting(
        ctx,
        space,
        "startvergadering",
        title="Startvergadering",
        start=_at(-30),
        end=_at(-30, 21),
        place="Buurthuis De Brug, Kerkstraat 12",
        agenda="<ol><li>Kennismaking</li><li>Hoe werken we samen?</li><li>Eerste thema's</li></ol>",
        minutes=(
            "<p>We maakten kennis en spraken af hoe we samenwerken. Iedereen kan iets "
            "inbrengen, ook wie niet naar de vergadering kan komen.</p>"
        ),
        decisions=[
            (
                "decision",
                {"decision": "We vergaderen elke maand op dinsdagavond.", "owner": "Koen"},
            ),
            (
                "decision",
                {"decision": "Ouders krijgen een vervoersvergoeding.", "owner": "Netwerk"},
            ),
        ],
        attendees_list=[trekker, lid],
        other_attendees="Twee ouders uit de buurtgroep.",
        attached=[report],
    )
    upcoming = _meeting(
        ctx,
        space,
        "voorbereiding-gezinnendag",
        title="Voorbereiding gezinnendag",
        start=_at(12),
        end=_at(12, 21),
        place="Buurthuis De Brug, Kerkstraat 12",
        online_link="https://meet.jit.si/netwerk-participatie",
        agenda=(
            "<ol><li>Wie nodigt welke gezinnen uit?</li><li>Vervoer en opvang van "
            "kinderen</li><li>Wat vragen we aan de gezinnen?</li></ol>"
        ),
        attached=[invitation],
    )
    _meeting(
        ctx,
        space,
        "terugblik-gezinnendag",
        title="Terugblik gezinnendag",
        start=_at(40),
        place="Sociaal huis, zaal 2",
    )
    access, cooperation, tailored = _themes()
    letters = _item(
        ctx,
        space,
        "Een mama vertelt dat ze de brief over haar leefloon drie keer moest laten uitleggen.",
        theme=access,
        meeting=past,
        status=InputItem.Status.IN_PROGRESS,
        is_public=True,
        by_group=True,  # the group's own summary of what several parents said
        public_summary="Brieven van het sociaal huis zijn moeilijk.",
        outcome="Het sociaal huis herschrijft de brieven samen met ouders.",
    )
    _item(
        ctx,
        space,
        "Ouders willen weten bij wie ze terechtkunnen als hun vraag bij geen enkel loket past.",
        theme=cooperation,
        meeting=past,
        status=InputItem.Status.DONE,
        is_public=True,
        by_group=True,  # the group's own summary of what several parents said
        public_summary="Ouders willen één persoon die hen verder helpt.",
        outcome="Elke gemeente heeft nu een vast aanspreekpunt. Je vindt de namen op de website.",
    )
    _item(
        ctx,
        space,
        "Vraag om de gezinnendag op zondag te houden.",
        theme=tailored,
        meeting=past,
        status=InputItem.Status.NOT_TAKEN_UP,
        is_public=True,
        by_group=True,  # the group's own summary of what several parents said
        public_summary="Ouders vroegen de gezinnendag op zondag.",
        reason="Het buurthuis is op zondag dicht. We kozen een zaterdag.",
    )
    _item(
        ctx,
        space,
        "Een papa stelt voor om een kinderhoek te maken in de wachtzaal.",
        theme=access,
        status=InputItem.Status.DISCUSSED,
        is_public=True,
        by_group=True,  # the group's own summary of what several parents said
        public_summary="Ouders vragen een kinderhoek in de wachtzaal.",
    )
    _item(
        ctx,
        space,
        "Idee: samen met de bibliotheek een voorleesmoment organiseren.",
        theme=tailored,
        status=InputItem.Status.RECEIVED,
    )
    _participation(ctx, space, past=past, upcoming=upcoming, item=letters)


# --- taking part: polls, actions, a conversation, invitation links -------------------

OPEN_POLL = {
    "question": "Op welke avond vergaderen we na de gezinnendag?",
    "description": (
        "Sommige ouders kunnen op dinsdag niet komen. Kies de avond die voor jouw gezin "
        "het best past."
    ),
    "options": [
        "Dinsdagavond, zoals nu",
        "Donderdagavond",
        "Vrijdagavond, met opvang voor de kinderen",
    ],
    "is_anonymous": False,
    "results_visible": True,
    # who answered: a member (user name) or a participant through a link (first name)
    "members": {"trekker": 0, "lid": 2},
    "links": {"Fatma": 2},
}

CLOSED_POLL = {
    "question": "Hoe voelde jij je op de startvergadering?",
    "description": "Niemand ziet wat jij kiest. Zo weten we wat we beter kunnen doen.",
    "options": [
        "Ik voelde me welkom",
        "Het ging soms te snel",
        "Ik wist niet goed waarover het ging",
    ],
    "is_anonymous": True,
    "results_visible": False,
    "members": {"trekker": 0, "lid": 1},
    "links": {"Jan": 0, "Mieke": 0, "Rachid": 2},
}

# A decision of the start meeting (see ``_participatie``) that an action follows up.
TRANSPORT_DECISION = "Ouders krijgen een vervoersvergoeding."

CONVERSATION = [
    (
        "trekker",
        "Ik breng de uitnodigingen op papier mee. @lid, wil jij de ouders van de "
        "buurtgroep vragen of ze komen helpen?",
    ),
    (
        "lid",
        "Ja, dat doe ik. Twee mama's willen soep maken. Mogen hun kinderen mee naar de "
        "vergadering?",
    ),
    (
        "coordinator",
        "Kinderen zijn welkom. Ik vraag aan het buurthuis of iemand hen kan opvangen in "
        "de speelzaal.",
    ),
    ("trekker", "Dank je. Dan zetten we de kinderopvang ook op de uitnodiging."),
]

# The first name on the invitation link that ``load_demo`` prints.
DEMO_LINK_NAME = "Lotte"
DEMO_LINK_DAYS = 30


def _day(days):
    return timezone.localdate() + timezone.timedelta(days=days)


def _new_poll(ctx, space, spec, opens_at, closes_at):
    poll = Poll.objects.create(
        space=space,
        question=spec["question"],
        description=spec["description"],
        opens_at=opens_at,
        closes_at=closes_at,
        is_anonymous=spec["is_anonymous"],
        results_visible=spec["results_visible"],
        created_by=ctx.users["trekker"],
    )
    for order, label in enumerate(spec["options"]):
        PollOption.objects.create(poll=poll, label=label, sort_order=order)
    ctx.log(f"poll {spec['question'][:30]}…")
    return poll


def _answer(ctx, space, poll, spec):
    """The members' answers, then the participants' (each through a link of its own,
    used once, as the participant's page does)."""
    options = list(poll.options.all())
    for username, choice in spec["members"].items():
        polls.cast(poll, options[choice], user=ctx.users[username])
    for name, choice in spec["links"].items():
        link = invitations.create(
            space,
            purpose=Invitation.Purpose.POLL,
            poll=poll,
            days=7,
            name=name,
            language="nl",
            created_by=ctx.users["trekker"],
        )
        invitations.use(link)
        polls.cast(poll, options[choice], invitation=link)


def _open_poll(ctx, space):
    if Poll.objects.filter(space=space, question=OPEN_POLL["question"]).exists():
        return
    poll = _new_poll(ctx, space, OPEN_POLL, _at(-2, 9), _at(9, 22))
    _answer(ctx, space, poll, OPEN_POLL)


def _closed_poll(ctx, space):
    """Answered while open, then moved into the past: it opened after the start
    meeting and closed a week later; its links were made and used in that week."""
    if Poll.objects.filter(space=space, question=CLOSED_POLL["question"]).exists():
        return
    poll = _new_poll(ctx, space, CLOSED_POLL, _at(-29, 9), _at(1, 22))
    _answer(ctx, space, poll, CLOSED_POLL)
    Poll.objects.filter(pk=poll.pk).update(closes_at=_at(-22, 22))
    poll.invitations.update(created_at=_at(-29, 10), used_at=_at(-27), expires_at=_at(-22, 10))


def _decision_id(meeting, text):
    for block in meeting.decisions:
        if block.block_type == "decision" and block.value["decision"] == text:
            return block.id
    return ""


def _actions(ctx, space, past, item):
    trekker, lid = ctx.users["trekker"], ctx.users["lid"]
    specs = [
        {
            "title": "Voorbeelden van moeilijke brieven verzamelen",
            "description": (
                "Vraag ouders om brieven van het sociaal huis mee te brengen die ze niet "
                "begrepen. We maken de namen onleesbaar."
            ),
            "owner": lid,
            "due_on": _day(-6),
            "status": Action.Status.OPEN,
            "input_item": item,
        },
        {
            "title": "Vervoersvergoeding voor ouders regelen",
            "description": (
                "Afspreken met het netwerk hoe ouders hun bus- of treinticket terugkrijgen."
            ),
            "owner": trekker,
            "due_on": _day(10),
            "status": Action.Status.IN_PROGRESS,
            "meeting": past,
            "decision_id": _decision_id(past, TRANSPORT_DECISION),
        },
    ]
    for spec in specs:
        if Action.objects.filter(space=space, title=spec["title"]).exists():
            continue
        Action.objects.create(space=space, created_by=trekker, **spec)
        ctx.log(f"action {spec['title'][:30]}…")


def _conversation(ctx, space, meeting):
    for username, text in CONVERSATION:
        author = ctx.users[username]
        if Comment.objects.filter(meeting=meeting, author=author, text=text).exists():
            continue
        comments.add(space, author, text, meeting=meeting)
        ctx.log(f"comment by {username}")


def _participation(ctx, space, *, past, upcoming, item):
    """What taking part looks like in "Participatie". Called inside
    ``notifications.suppressed()`` (``build``): no mails for assigned actions or
    mentions."""
    _open_poll(ctx, space)
    _closed_poll(ctx, space)
    _actions(ctx, space, past, item)
    _conversation(ctx, space, upcoming)


def participant_link(ctx):
    """``(url, invitation)``: an open invitation link of "Participatie" for input, made
    by its lead. The demo's earlier link while it is still open; a new one once it
    was used, revoked or expired."""
    space = WorkingGroupPage.objects.get(slug="participatie", locale=Locale.get_default())
    trekker = ctx.users["trekker"]
    invitation = (
        invitations.open_for(space)
        .filter(purpose=Invitation.Purpose.INPUT, name=DEMO_LINK_NAME, created_by=trekker)
        .order_by("-expires_at")
        .first()
    )
    if invitation is None:
        invitation = invitations.create(
            space,
            purpose=Invitation.Purpose.INPUT,
            days=DEMO_LINK_DAYS,
            name=DEMO_LINK_NAME,
            language="nl",
            created_by=trekker,
        )
        ctx.log("invitation link for a participant")
    return invitations.link_for(invitation), invitation


def _drempels(ctx, space):
    coordinator = ctx.users["coordinator"]
    note, _ = _document(
        ctx,
        space,
        "Overzicht drempels",
        "overzicht-drempels.pdf",
        make_pdf(
            "Overzicht drempels naar hulp",
            [
                "Wachttijden bij de schuldbemiddeling lopen op tot drie maanden.",
                "Loketten vragen dezelfde documenten opnieuw op.",
                "Wie geen computer heeft, raakt moeilijk aan een afspraak.",
            ],
        ),
        coordinator,
        tags=["analyse"],
    )
    _meeting(
        ctx,
        space,
        "drempels-in-kaart",
        title="Drempels in kaart brengen",
        start=_at(8, 14),
        end=_at(8, 16),
        place="CAW, Stationsstraat 4",
        agenda="<p>We overlopen het overzicht van de drempels en kiezen er drie uit.</p>",
        attached=[note],
    )
    _item(
        ctx,
        space,
        "Partners merken dat mensen zonder computer geen afspraak kunnen maken.",
        theme=_themes()[0],
        status=InputItem.Status.IN_PROGRESS,
        is_public=True,
        by_group=True,  # the group's own summary of what several parents said
        public_summary="Zonder computer is een afspraak maken moeilijk.",
        outcome="Je kan nu ook bellen of langskomen om een afspraak te maken.",
    )


def _scholen(ctx, space):
    _meeting(
        ctx,
        space,
        "eerste-overleg-scholen",
        title="Eerste overleg met de scholen",
        start=_at(-14, 16),
        place="Basisschool De Regenboog",
        minutes="<p>Drie directies en twee brugfiguren waren er. We maken een lijst van "
        "verborgen schoolkosten.</p>",
    )


FEEDBACK_INTRO = "Je gaf ons je mening. Dat is belangrijk. Hier lees je wat we ermee gedaan hebben."

# Its pictogram names its picture; the builder puts the stored image in its place.
FEEDBACK_EASY_READ = [
    (
        "pictogram",
        {
            "image": "praten",
            "alt_text": "Twee tekstballonnen: twee mensen praten met elkaar",
            "text": "In de werkgroepen praten ouders en hulpverleners samen. Ouders vertellen wat "
            "moeilijk is. De werkgroep zoekt een oplossing.",
        },
    ),
    (
        "steps",
        {
            "heading": "Zo werkt het",
            "steps": [
                "Je vertelt wat beter kan.",
                "De werkgroep praat erover.",
                "We proberen iets te veranderen.",
                "Op deze pagina lees je wat er gebeurd is.",
            ],
        },
    ),
    (
        "good_to_know",
        {"text": "We schrijven nooit je naam op deze pagina."},
    ),
]


def _feedback_page(ctx):
    easy_read = with_pictograms(ctx, FEEDBACK_EASY_READ)
    page = add_child(
        ctx,
        ctx.homes["nl"],
        FeedbackPage(
            title="Wat gebeurde er met jouw inbreng?",
            slug="terugkoppeling",
            intro=FEEDBACK_INTRO,
            easy_read=easy_read,
            show_in_menus=True,
            search_description="Wat de werkgroepen deden met wat deelnemers vertelden.",
        ),
    )
    return add_pictograms(ctx, page, "easy_read", easy_read)


# Version 1 of each consent text, in easy-read Dutch (werkgroepen.models.consent).
CONSENT_TEXTS = [
    (
        "deelnemen",
        "Meedoen in een werkgroep",
        "Je doet mee in een werkgroep.\n"
        "De werkgroep bewaart wat je vertelt en wat je stuurt.\n"
        "Alleen de leden van de werkgroep lezen het.\n"
        "We gebruiken het om samen dingen beter te maken.\n"
        "We geven je naam aan niemand anders.\n\n"
        "Wil je stoppen? Zeg het aan de trekker. Of kies nee op deze pagina.",
    ),
    (
        "citeren",
        "Je woorden op de website, zonder je naam",
        "Soms schrijven we op de website wat mensen vertelden.\n"
        "We schrijven dan nooit je naam.\n"
        "We schrijven het in korte, eenvoudige zinnen.\n"
        "Iedereen kan die pagina lezen.\n\n"
        "Zeg je later nee? Dan halen we je woorden meteen weg.",
    ),
    (
        "foto",
        "Foto's",
        "Soms stuur je een foto, of nemen we een foto.\n"
        "Zeg je ja? Dan mogen we die foto tonen in de werkgroep en op onze website.\n"
        "We zetten je naam niet bij de foto.\n\n"
        "Zeg je later nee? Dan gebruiken we de foto niet meer.",
    ),
]


def _consent_texts(ctx):
    for purpose, title, text in CONSENT_TEXTS:
        if ConsentText.objects.filter(purpose=purpose, locale=Locale.get_default()).exists():
            continue
        ConsentText.objects.create(
            purpose=purpose,
            title=title,
            text=text,
            is_published=True,
            locale=Locale.get_default(),
        )
        ctx.log(f"consent text {purpose}")


def build(ctx):
    with notifications.suppressed():
        _profiles(ctx)
        _consent_texts(ctx)
        index = _index(ctx)
        built = {spec["slug"]: _space(ctx, index, spec) for spec in SPACES}
        _participatie(ctx, built["participatie"])
        _drempels(ctx, built["drempels-naar-hulp"])
        _scholen(ctx, built["samen-met-scholen"])
        _feedback_page(ctx)
