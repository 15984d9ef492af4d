"""A meeting of a working group: when, where, agenda, minutes, decisions, documents."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from access.models import AudienceMixin
from access.privacy import request_audience, viewable_documents
from core.cache import kept_for_audience
from core.models import BasePage
from easyread.models import EasyReadMixin
from werkgroepen.blocks import DecisionsStreamBlock
from werkgroepen.views.calendar import meeting_ics

from .spaces import RICH_TEXT_FEATURES, WorkingGroupPage


class MeetingPageForm(WagtailAdminPageForm):
    """Offers only the space's own members as attendees (not every account)."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if "attendees" not in self.fields:
            return
        space = parent_page.specific if parent_page is not None else None
        if space is None and self.instance.pk:
            space = self.instance.get_parent().specific
        field = self.fields["attendees"]
        if isinstance(space, WorkingGroupPage):
            # The space's members, plus anyone already listed (who may have left since).
            member_ids = list(space.members().values_list("pk", flat=True))
            chosen = (
                list(self.instance.attendees.values_list("pk", flat=True))
                if self.instance.pk
                else []
            )
            field.queryset = field.queryset.filter(pk__in=member_ids + chosen).order_by(
                "first_name", "last_name"
            )
        else:
            field.queryset = field.queryset.none()
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Het einde moet na het begin liggen."))
        return cleaned


class MeetingPage(RoutablePageMixin, AudienceMixin, EasyReadMixin, BasePage):
    """Private like its space: the space's view restriction covers everything below it."""

    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"), null=True, blank=True)
    place = models.CharField(
        _("plaats"), max_length=255, blank=True, help_text=_("Adres of naam van de zaal.")
    )
    online_link = models.URLField(
        _("link om online deel te nemen"), blank=True, help_text=_("Bijvoorbeeld een Jitsi-link.")
    )
    agenda = RichTextField(_("agenda"), features=RICH_TEXT_FEATURES, blank=True)
    minutes = RichTextField(
        _("verslag"),
        features=[*RICH_TEXT_FEATURES, "h3"],
        blank=True,
        help_text=_("Leden krijgen een mail wanneer het verslag gepubliceerd wordt."),
    )
    decisions = StreamField(DecisionsStreamBlock(), blank=True, verbose_name=_("beslissingen"))
    attendees = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("aanwezige leden"),
    )
    other_attendees = models.TextField(
        _("andere aanwezigen"),
        blank=True,
        help_text=_("Bijvoorbeeld 'twee ouders uit de buurtgroep'. Alleen leden zien dit."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("online_link"),
            ],
            heading=_("Wanneer en waar"),
        ),
        FieldPanel("agenda"),
        InlinePanel("meeting_documents", label=_("documenten"), heading=_("Documenten")),
        FieldPanel("minutes"),
        FieldPanel("decisions"),
        FieldPanel("attendees", widget=forms.CheckboxSelectMultiple),
        FieldPanel("other_attendees"),
    ]
    audience_panels = []  # private through the space
    private_page_options = []
    base_form_class = MeetingPageForm

    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]

    parent_page_types = ["werkgroepen.WorkingGroupPage"]
    subpage_types = []

    override_translatable_fields = [
        # Prose is translated.
        TranslatableField("agenda"),
        TranslatableField("minutes"),
        TranslatableField("decisions"),
        # Time, place, link and who was there are facts: the same in every language.
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("place"),
        SynchronizedField("online_link"),
        SynchronizedField("attendees"),
        # Free text about people present: never sent to a machine translator.
        SynchronizedField("other_attendees"),
    ]

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")

    def save(self, *args, **kwargs):
        # Never "partners only": the space's restriction decides who reads a meeting.
        self.audience = self.Audience.PUBLIC
        return super().save(*args, **kwargs)

    @property
    def space(self):
        """The working group above the meeting (its parent: meetings live only there)."""
        from .spaces import space_of

        return space_of(self)

    @property
    def is_upcoming(self):
        return (self.end or self.start) >= timezone.now()

    def visible_documents(self, user):
        ids = self.meeting_documents.values_list("document_id", flat=True)

        queryset = get_document_model().objects.filter(pk__in=ids)
        return viewable_documents(user, queryset).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user

        def compute():
            space = self.space
            return {
                "space": space,
                "documents": list(self.visible_documents(user)),
                "attendee_list": list(self.attendees.order_by("first_name", "last_name")),
                "can_manage": space.can_manage(user)
                if isinstance(space, WorkingGroupPage)
                else False,
            }

        if getattr(request, "is_preview", False) or not self.pk:
            context.update(compute())
        else:
            # The same for everyone of the same audience (their groups decide the lead
            # role and which documents they may open).
            context.update(
                kept_for_audience(
                    "werkgroepen:meeting", request_audience(request), compute, key=(self.pk,)
                )
            )
        context["space_section"] = "meetings"
        context["comment_thread"] = self._comment_thread(request, context["space"])
        return context

    def _comment_thread(self, request, space):
        """The members' conversation: read on every view (never kept), so a new
        comment shows at once; not in the admin's preview."""
        if getattr(request, "is_preview", False) or not self.pk:
            return None
        if not isinstance(space, WorkingGroupPage):
            return None
        from werkgroepen import comments

        return comments.thread(request, space, meeting=self)

    # Wagtail page paths allow no dots, so the route is "ics/"; the file is <slug>.ics.
    @path("ics/", name="ics")
    def ics(self, request):
        response = meeting_ics(request, self)
        add_never_cache_headers(response)
        return response


class MeetingDocument(Orderable):
    """A document attached to a meeting (chosen from the space's collection)."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="meeting_documents")
    document = models.ForeignKey(
        "portal.PortalDocument",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document bij de vergadering")
