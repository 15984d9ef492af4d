"""The abstract base page every content page is built on.

The base page carries only what every page shares: search fields and the admin's
tabs. What a page adds on top comes from small mixins that carry their own fields,
panels and search fields: who may read the page (``access.models.AudienceMixin``) and
its easy-read version (``easyread.models.EasyReadMixin``). A page type lists the
mixins it uses before ``BasePage``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page
from wagtail.search import index


class SearchableMixin(models.Model):
    """Search fields every page shares: the title, boosted, and autocomplete."""

    search_fields = [
        *Page.search_fields,
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
        index.FilterField("path"),
        index.FilterField("depth"),
    ]

    class Meta:
        abstract = True


class _TabbedEditHandler:
    """Builds the admin tabs of a page class from its panel lists.

    Every page gets the same tabs in the same order (content, easy read, promote,
    settings) without writing out a TabbedInterface. Mixins contribute through
    ``content_checks`` (panels at the end of the content tab), ``easy_read_panels``
    (a tab of its own) and ``audience_panels`` (at the top of the settings tab).
    """

    def __get__(self, instance, owner):
        tabs = [
            ObjectList(
                [*owner.content_panels, *getattr(owner, "content_checks", [])],
                heading=_("Inhoud"),
            )
        ]
        if getattr(owner, "easy_read_panels", None):
            tabs.append(ObjectList(owner.easy_read_panels, heading=_("Eenvoudige taal")))
        tabs.append(ObjectList(owner.promote_panels, heading=_("Promotie")))
        settings_panels = [*getattr(owner, "audience_panels", []), *owner.settings_panels]
        tabs.append(ObjectList(settings_panels, heading=_("Instellingen")))
        return TabbedInterface(tabs, base_form_class=owner.base_form_class)


class BasePage(SearchableMixin, Page):
    """The base of every content page in the portal."""

    edit_handler = _TabbedEditHandler()

    class Meta:
        abstract = True
