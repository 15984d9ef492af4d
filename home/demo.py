"""Demo content of the start page."""

from wagtail.models import Locale, Page, Site

from home.models import HomePage

HOME_INTRO = (
    "Veertig partners uit de regio werken hier samen tegen armoede bij gezinnen: "
    "sociale diensten, het CAW, de vereniging waar armen het woord nemen, "
    "basiseducatie, de jeugddienst en vrijwilligers. Je vindt hier methodes om mensen "
    "in armoede echt te betrekken, voorbeelden uit de gemeenten en de werkgroepen."
)

HOME_BODY = [
    ("heading", "Samen sterker"),
    (
        "paragraph",
        "<p>Het netwerk heeft drie doelen: beter samenwerken tussen diensten, de drempels "
        "naar hulp verlagen en hulp op maat van elk gezin. Gezinnen die armoede kennen, "
        "denken mee in de werkgroepen. Zij horen altijd wat er met hun inbreng gebeurt.</p>",
    ),
    (
        "good_to_know",
        {"text": "Ben je partner en heb je nog geen account? Vraag het aan de netwerkcoördinator."},
    ),
]


def build(ctx):
    locale = Locale.get_default()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page; replace it.
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(
            title="Welkom bij het netwerk tegen gezinsarmoede",
            slug="home",
            locale=locale,
            intro=HOME_INTRO,
            body=HOME_BODY,
            search_description="Het intranet van het netwerk tegen gezinsarmoede.",
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
    ctx.homes["nl"] = home
