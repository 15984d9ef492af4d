from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from portal.blocks import BodyStreamBlock
from portal.models import BasePage
from portal.privacy import viewable_pages

HOME_PANELS_HOOK = "portal_home_panels"


class HomePage(BasePage):
    """The start page of one language tree.

    Apps add personal panels for logged-in members (upcoming meetings, new documents,
    …) by registering a ``portal_home_panels`` hook: a function ``(request, page)``
    returning ``None`` or a dict with ``title``, ``template`` and ``context``.
    """

    intro = models.TextField(_("welkomsttekst"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [*BasePage.search_fields]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        panels = []
        for hook in hooks.get_hooks(HOME_PANELS_HOOK):
            panel = hook(request, self)
            if panel:
                panels.append(panel)
        context["home_panels"] = panels
        context["sections"] = viewable_pages(
            request.user, self.get_children().live().in_menu()
        ).specific()
        return context
