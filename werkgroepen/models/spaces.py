"""The working-group index and the space page itself."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Value
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Collection, Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from access.models import AudienceMixin
from access.privacy import request_audience, viewable_documents, viewable_pages
from access.roles import is_coordinator
from core.cache import kept_for_audience
from core.languages import is_default_locale
from core.models import BasePage
from easyread.models import EasyReadMixin
from werkgroepen import spaces

from .actions import ActionRoutes
from .comments import CommentRoutes
from .consent import ConsentRoutes
from .invitations import InvitationRoutes
from .polls import PollRoutes
from .previews import PreviewRoutes

# The space's sub-pages are served by werkgroepen.views and the sibling page models,
# which import this module: they are imported inside the methods that use them.

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class WorkingGroupIndexPage(AudienceMixin, EasyReadMixin, BasePage):
    """Lists the spaces this visitor belongs to (the coordinator sees all of them).

    The page itself is public: an anonymous visitor reads what working groups are and
    is asked to log in; nobody sees the name of a group they are not part of.
    """

    intro = models.TextField(_("inleiding"), blank=True, max_length=800)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("intro"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["werkgroepen.WorkingGroupPage"]
    max_count_per_parent = 1

    # The intro is prose; everything else on this page is computed per visitor.
    override_translatable_fields = [TranslatableField("intro")]

    class Meta:
        verbose_name = _("overzicht werkgroepen")

    def spaces_for(self, user):
        queryset = WorkingGroupPage.objects.child_of(self).live()
        return viewable_pages(user, queryset).specific().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = self.spaces_for(request.user)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            # The list depends on who asks: never keep it in a shared cache.
            add_never_cache_headers(response)
        return response


class WorkingGroupPage(
    ActionRoutes,
    CommentRoutes,
    ConsentRoutes,
    InvitationRoutes,
    PollRoutes,
    PreviewRoutes,
    RoutablePageMixin,
    AudienceMixin,
    EasyReadMixin,
    BasePage,
):
    """One working group's private space: purpose, members, meetings, documents, input.

    Saving a new space creates its groups, restriction, permissions and private
    collection in the same transaction (``werkgroepen.spaces``). The space is always
    private, so the audience choice of other pages is hidden here.
    """

    purpose = RichTextField(
        _("doel van de werkgroep"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Waarom bestaat deze werkgroep en wat wil ze bereiken?"),
    )
    member_group = models.ForeignKey(
        Group,
        verbose_name=_("groep leden"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_group = models.ForeignKey(
        Group,
        verbose_name=_("groep trekkers"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("documentenmap"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("purpose")]
    audience_panels = []  # always private: see werkgroepen.spaces
    private_page_options = []  # the admin's privacy dialog may not change a space
    search_fields = [
        *BasePage.search_fields,
        *EasyReadMixin.easy_read_search_fields,
        index.SearchField("purpose"),
    ]

    parent_page_types = ["werkgroepen.WorkingGroupIndexPage"]
    subpage_types = ["werkgroepen.MeetingPage"]
    # A copy is a new space with its own (empty) groups and collection.
    exclude_fields_in_copy = ["member_group", "lead_group", "collection"]

    override_translatable_fields = [
        # Prose, translated.
        TranslatableField("purpose"),
        # The groups and the collection are the space itself: a translation shares them.
        SynchronizedField("member_group"),
        SynchronizedField("lead_group"),
        SynchronizedField("collection"),
    ]

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")

    # --- lifecycle ---------------------------------------------------------------

    def clean(self):
        super().clean()
        # A new space whose name is taken gets "(2)" added to its group names; renaming
        # an existing space onto another group's name is refused. Translations keep
        # the Dutch names.
        if not self.member_group_id or spaces.translation_source(self) is not None:
            return
        own = [pk for pk in (self.member_group_id, self.lead_group_id) if pk]
        unchanged = (
            self.member_group.name == spaces.group_names(spaces.free_base(self.title, own))[0]
        )
        if not unchanged and spaces.names_taken(spaces.base_name(self.title), own):
            raise ValidationError(
                {"title": _("Er bestaat al een werkgroep (of gebruikersgroep) met deze naam.")}
            )

    def save(self, *args, **kwargs):
        # A space is never "public" or "partners only": its own restriction decides.
        self.audience = self.Audience.PUBLIC
        with transaction.atomic():
            spaces.provision(self)
            result = super().save(*args, **kwargs)
            spaces.sync(self)
        return result

    # --- who may do what ---------------------------------------------------------

    def _in_groups(self, user, ids):
        from access.privacy import group_ids

        wanted = {pk for pk in ids if pk}
        return user.is_authenticated and bool(wanted.intersection(group_ids(user)))

    def is_member(self, user):
        """In the member or the lead group (not merely able to see it)."""
        return self._in_groups(user, [self.member_group_id, self.lead_group_id])

    def is_lead(self, user):
        return self._in_groups(user, [self.lead_group_id])

    def can_manage(self, user):
        """Leads and the coordinator: members, trash, input tracker."""
        return self.is_lead(user) or is_coordinator(user)

    def original(self):
        """The space in the default language. A translation of a space is the same
        space read in another language: its polls, actions, input items and
        invitations are those of the original (and its groups and collection too)."""
        return self._original

    @cached_property
    def _original(self):
        if is_default_locale(self.locale_id):
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    def can_view(self, user):
        return viewable_pages(user, type(self).objects.filter(pk=self.pk)).exists()

    def members(self):
        """Active members and leads; each with ``is_lead``."""

        user_model = get_user_model()
        is_lead = (
            Exists(
                user_model.groups.through.objects.filter(
                    user_id=OuterRef("pk"), group_id=self.lead_group_id
                )
            )
            if self.lead_group_id
            else Value(False)
        )
        return (
            user_model.objects.filter(
                groups__in=[pk for pk in (self.member_group_id, self.lead_group_id) if pk],
                is_active=True,
            )
            .distinct()
            .annotate(is_lead=is_lead)
            .select_related("werkgroepen_profile")
            .order_by("first_name", "last_name", "username")
        )

    def lead_ids(self):
        if not self.lead_group_id:
            return set()
        users = get_user_model().objects.filter(groups=self.lead_group_id)
        return set(users.values_list("pk", flat=True))

    # --- content -----------------------------------------------------------------

    def documents(self, user):
        queryset = get_document_model().objects.filter(collection_id=self.collection_id)
        return viewable_documents(user, queryset)

    def upcoming_meetings(self):
        from .meetings import MeetingPage

        return (
            MeetingPage.objects.child_of(self)
            .live()
            .filter(start__gte=timezone.now() - timezone.timedelta(hours=3))
            .order_by("start")
        )

    def past_meetings(self):
        from .meetings import MeetingPage

        return (
            MeetingPage.objects.child_of(self)
            .live()
            .filter(start__lt=timezone.now() - timezone.timedelta(hours=3))
            .order_by("-start")
        )

    def open_items(self):
        from .feedback import InputItem

        return InputItem.objects.filter(
            space=self.original(),
            locale_id=self.original().locale_id,
            status__in=InputItem.OPEN_STATUSES,
        ).select_related("theme")

    def open_polls(self):
        from .polls import Poll

        now = timezone.now()
        return Poll.objects.filter(
            space=self.original(), opens_at__lte=now, closes_at__gt=now
        ).order_by("closes_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self._overview(request))
        context.update({"space": self, "space_section": "overview"})
        return context

    def _overview(self, request):
        """What the space's start page lists: the same for everyone of the same
        audience (their groups decide membership and the lead role), so kept per
        audience, and per five minutes for what counts as "upcoming"."""
        user = request.user

        def compute():
            return {
                # Through access.privacy: an alias of another group's meeting placed
                # here is not this space's meeting (tests/security/test_reading.py).
                "upcoming_meetings": list(viewable_pages(user, self.upcoming_meetings())[:3]),
                "past_meetings": list(viewable_pages(user, self.past_meetings())[:3]),
                "latest_documents": list(
                    self.documents(user)
                    .select_related("uploaded_by_user")
                    .order_by("-created_at")[:5]
                ),
                "open_items": list(self.open_items().order_by("-received_on")[:5]),
                "open_actions": list(self.open_actions()[:5]),
                "open_polls": list(self.open_polls()[:3]),
                "members": list(self.members()),
                "can_manage": self.can_manage(user),
                "is_member": self.is_member(user),
            }

        if getattr(request, "is_preview", False) or not self.pk:
            return compute()
        key = (self.pk, int(time.time() // 300))
        return kept_for_audience("werkgroepen:space", request_audience(request), compute, key=key)

    # --- the space's own pages (all behind the page's view restriction) ----------
    # Those of invitations, polls, actions, comments and previews are in the mixins
    # above, beside their models.

    @path("documenten/", name="documents")
    def documents_route(self, request):
        from werkgroepen.views import documents

        return documents.document_list(request, self)

    @path("documenten/toevoegen/", name="document_upload")
    def document_upload_route(self, request):
        from werkgroepen.views import documents

        return documents.document_upload(request, self)

    @path("documenten/prullenbak/", name="document_trash")
    def document_trash_route(self, request):
        from werkgroepen.views import documents

        return documents.document_trash(request, self)

    @path("documenten/<int:document_id>/", name="document_detail")
    def document_detail_route(self, request, document_id):
        from werkgroepen.views import documents

        return documents.document_detail(request, self, document_id)

    @path("documenten/<int:document_id>/versies/<int:number>/", name="document_version")
    def document_version_route(self, request, document_id, number):
        from werkgroepen.views import documents

        return documents.document_version_download(request, self, document_id, number)

    @path("leden/", name="members")
    def members_route(self, request):
        from werkgroepen.views import members

        return members.manage_members(request, self)

    @path("bewaren/", name="retention")
    def retention_route(self, request):
        from werkgroepen.views import retention

        return retention.retention_page(request, self)

    @path("inbreng/", name="inputs")
    def inputs_route(self, request):
        from werkgroepen.views import inputs

        return inputs.input_list(request, self)

    @path("inbreng/nieuw/", name="input_add")
    def input_add_route(self, request):
        from werkgroepen.views import inputs

        return inputs.input_form(request, self, None)

    @path("inbreng/<int:item_id>/", name="input_edit")
    def input_edit_route(self, request, item_id):
        from werkgroepen.views import inputs

        return inputs.input_form(request, self, item_id)

    @path("inbreng/<int:item_id>/bijlage/", name="input_attachment")
    def input_attachment_route(self, request, item_id):
        from werkgroepen.views import inputs

        return inputs.input_attachment(request, self, item_id)


def space_of(page):
    """The space a page belongs to (itself, or the space above a meeting), or None."""

    if isinstance(page, WorkingGroupPage):
        return page
    # A served page knows its parent already (Wagtail's routing passes it on), as its
    # specific page: no query for a meeting, whose parent is its space.
    parent = page.get_parent()
    if parent is not None and parent.specific_class is WorkingGroupPage:
        return parent.specific  # no query when the parent is specific already
    return (
        Page.objects.ancestor_of(page).type(WorkingGroupPage).order_by("-depth").specific().first()
    )
