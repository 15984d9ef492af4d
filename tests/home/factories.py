import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from home.models import EasyReadIndexPage, EasyReadPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    """The Dutch start page under the tree root; also makes it the default site's root."""

    class Meta:
        model = HomePage

    title = "Welkom bij het netwerkportaal"
    slug = "home"
    intro = "Samen tegen armoede bij gezinnen."
    live = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("parent") is None:
            kwargs["parent"] = Page.get_first_root_node()
        kwargs.setdefault("locale", Locale.get_default())
        page = super()._create(model_class, *args, **kwargs)
        if page.locale_id == Locale.get_default().pk:
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "port": 80, "root_page": page},
            )
        return page


class EasyReadIndexPageFactory(wagtail_factories.PageFactory):
    """The easy-read section under the Dutch start page."""

    class Meta:
        model = EasyReadIndexPage

    title = "Eenvoudig uitgelegd"
    slug = "eenvoudig"
    intro = "Hier lees je in gewone woorden wat het netwerk voor je gezin kan doen."
    live = True


class EasyReadPageFactory(wagtail_factories.PageFactory):
    """An easy-read page for families; pass ``parent=`` an EasyReadIndexPage."""

    class Meta:
        model = EasyReadPage

    title = factory.Sequence(lambda n: f"Hulp bij je rekeningen {n}")
    slug = factory.Sequence(lambda n: f"rekeningen-{n}")
    summary = "Wat je kan doen als je je rekeningen niet kan betalen."
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", {"text": "Kan je je rekeningen niet betalen? Wij helpen je."}),
            ("steps", {"heading": "Zo doe je het", "steps": ["Bel ons.", "Kom langs."]}),
        ]
    )
    live = True
