import wagtail_factories
from wagtail.models import Locale, Page, Site

from home.models import HomePage


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
